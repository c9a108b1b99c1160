import type { Material, ServiceItem } from '../catalog/catalog.types';
import { CatalogError } from '../catalog.errors';
import { addHours } from '../calendar/working-hours';
import { ancestorsOf, type ComposedBundle } from '../compose/compose-bundle';
import { statusAt } from '../certificates/certificate-status';
import type { Certificate, CertificateStatus } from '../certificates/certificate.types';
import { endOfLocalDay, limitDueDate, localDate, type HolidayCalendar } from '../calendar/working-days';

export interface ApplicantRef {
  /** `citizen` or `company`. */
  type: string;
  /** Citizen ID number or unified social credit code. */
  code: string;
  name: string;
}

/** The material part of `POST /api/v1/applications`. */
export interface ApplicationMaterials {
  applicant: ApplicantRef;
  /** The merged form data; read for holder codes of materials that name a holder field. */
  form?: Record<string, unknown>;
  materials: Array<{ item: string; name: string; attachmentId: string }>;
  /** Non-key materials the applicant commits to supply later (容缺); `deadline` (YYYY-MM-DD) may shorten the limit. */
  deferred?: Array<{ item: string; name: string; deadline?: string }>;
}

export interface ExemptMaterial {
  item: string;
  name: string;
  certificateId: string;
  certificateType: string;
  /** When the certificate was checked (valid, unexpired, held by the right person). */
  checkedAt: string;
  /** The region that issued the certificate, recorded as evidence when it is known. */
  certificateRegion?: string;
}

export interface PendingMaterial {
  item: string;
  name: string;
  certificateType: string;
  /** The earlier item of the bundle whose approval issues the certificate. */
  issuedBy: string;
}

export interface UploadedMaterial {
  item: string;
  name: string;
  attachmentId: string;
  /** When a deferred (容缺) material was handed in after acceptance, ISO 8601. */
  handedInAt?: string;
}

export interface DeferredMaterial {
  item: string;
  name: string;
  /** ISO 8601 instant: the end of the last day the material may be supplied; null while it is not counted (`deadlineProblem`). */
  deadline: string | null;
  /** The same deadline as a local date (YYYY-MM-DD) for notices; null while it is not counted. */
  deadlineDate: string | null;
  /**
   * Why the deadline is not counted yet: the item's limit reaches a year the calendar does not know
   * (CALENDAR_YEAR_UNKNOWN). It is counted from the acceptance when that year is entered.
   */
  deadlineProblem?: string;
  /** The date the applicant asked for (YYYY-MM-DD), kept while the deadline is not counted: the earlier of it and the item's limit is the deadline. */
  askedDate?: string;
  /** False when the applicant did not list it: a non-key material is accepted missing (容缺) anyway. */
  declared: boolean;
}

export type MissingReason = 'not-provided' | 'certificate-not-valid' | 'key-material-not-deferrable';

export interface MissingMaterial {
  item: string;
  name: string;
  key: true;
  reason: MissingReason;
  /** For `certificate-not-valid`: the certificate found and why it does not count. */
  certificate?: { id: string; status: CertificateStatus | 'holder-mismatch' };
}

/** What the material checks of an application found, item by item. */
export interface MaterialResolution {
  exemptMaterials: ExemptMaterial[];
  pendingMaterials: PendingMaterial[];
  deferredMaterials: DeferredMaterial[];
  uploadedMaterials: UploadedMaterial[];
  /** Key materials nothing satisfies; the application cannot be accepted while any is listed. */
  missingMaterials: MissingMaterial[];
  /** Uploads or deferrals naming a material the item does not ask for. */
  unknownMaterials: Array<{ item: string; name: string }>;
}

export interface ResolveMaterialsInput {
  bundle: ComposedBundle;
  application: ApplicationMaterials;
  /** Certificates the applicant (and the people the form names) hold. */
  heldCertificates: Certificate[];
  now: Date;
  calendar: HolidayCalendar;
}

/** The latest a non-key material may come: the item's promised time limit from `now` (its promised hours for an hour limit). */
function latestDeadline(item: ServiceItem, now: Date, calendar: HolidayCalendar): Date {
  if (item.dayUnit === 'working-hours' || item.dayUnit === 'hours') return addHours(now, item.promisedDays, item.dayUnit, calendar);
  return endOfLocalDay(limitDueDate(localDate(now, calendar), item.promisedDays, item.dayUnit, calendar), calendar);
}

/** A deferred material's deadline, or why it cannot be counted yet. */
export type DeferredDeadline = { deadline: string; deadlineDate: string } | { problem: string; year: number };

/**
 * The deadline of a non-key material accepted at `acceptedAt`: the end of the item's promised limit,
 * or of the date the applicant asked for when that comes first. A limit that reaches a year the
 * calendar does not know cannot be counted — unless the asked date comes before the first unknown day
 * the count reached (the limit ends after it), which then is the deadline. Nothing is guessed.
 */
export function deferredDeadline(item: ServiceItem, acceptedAt: Date, askedDate: string | undefined, calendar: HolidayCalendar): DeferredDeadline {
  const asked = askedDate ? endOfLocalDay(askedDate, calendar) : undefined;
  const counted = (deadline: Date) => ({ deadline: deadline.toISOString(), deadlineDate: localDate(deadline, calendar) });
  try {
    const latest = latestDeadline(item, acceptedAt, calendar);
    return counted(asked && asked.getTime() < latest.getTime() ? asked : latest);
  } catch (error) {
    if (!(error instanceof CatalogError && error.code === 'CALENDAR_YEAR_UNKNOWN')) throw error;
    const firstUnknown = String(error.details.date);
    if (askedDate && askedDate < firstUnknown) return counted(asked!);
    return { problem: error.message, year: Number(error.details.year) };
  }
}

/** The deferred material with its deadline counted, or marked not counted with the reason. */
function withDeadline(entry: Omit<DeferredMaterial, 'deadline' | 'deadlineDate'>, item: ServiceItem, acceptedAt: Date, calendar: HolidayCalendar): DeferredMaterial {
  const { deadlineProblem: _problem, askedDate, ...rest } = entry;
  const due = deferredDeadline(item, acceptedAt, askedDate, calendar);
  if ('problem' in due) return { ...rest, deadline: null, deadlineDate: null, deadlineProblem: due.problem, ...(askedDate && { askedDate }) };
  return { item: rest.item, name: rest.name, deadline: due.deadline, deadlineDate: due.deadlineDate, declared: rest.declared };
}

/**
 * Counts the deadlines of a case's deferred materials that were not counted (their year's calendar
 * was missing), from the case's acceptance: `counted` lists the ones counted now, `deferred` is the
 * whole list with them in place, the others still marked.
 */
export function countDeferredDeadlines(deferred: DeferredMaterial[], items: ServiceItem[], acceptedAt: Date, calendar: HolidayCalendar): { deferred: DeferredMaterial[]; counted: DeferredMaterial[] } {
  const counted: DeferredMaterial[] = [];
  const next = deferred.map((d) => {
    const item = items.find((i) => i.code === d.item);
    if (d.deadline !== null || !item) return d;
    const recounted = withDeadline(d, item, acceptedAt, calendar);
    if (recounted.deadline !== null) counted.push(recounted);
    return recounted;
  });
  return { deferred: next, counted };
}

function holderCode(m: Material, application: ApplicationMaterials): string | undefined {
  if (!m.holderField) return application.applicant.code;
  const value = application.form?.[m.holderField];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The newest certificate of the type held by the right person, and whether it is valid now. */
function findCertificate(m: Material, input: ResolveMaterialsInput): { certificate: Certificate; status: CertificateStatus | 'holder-mismatch' } | undefined {
  const code = holderCode(m, input.application);
  const ofType = input.heldCertificates
    .filter((c) => c.type === m.satisfiedBy)
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt) || a.id.localeCompare(b.id));
  const held = ofType.filter((c) => c.holder.code === code);
  const valid = held.find((c) => statusAt(c, input.now) === 'valid');
  if (valid) return { certificate: valid, status: 'valid' };
  if (held[0]) return { certificate: held[0], status: statusAt(held[0], input.now) };
  if (ofType[0]) return { certificate: ofType[0], status: 'holder-mismatch' };
  return undefined;
}

/**
 * Decides, for every material of every item of a bundle, how it is satisfied, in this order:
 * pending, when an earlier item of the bundle issues the certificate (the one the case creates is
 * the one the step needs, e.g. the household register with the baby on it); exempt by a valid
 * certificate held by the right person (免提交); uploaded; deferred (容缺, non-key only, due within the
 * item's promised time limit, or not counted yet when that reaches a year the calendar does not know); else missing. Pure: the caller supplies the held certificates,
 * the clock and the calendar.
 */
export function resolveMaterials(input: ResolveMaterialsInput): MaterialResolution {
  const { bundle, application, now, calendar } = input;
  const result: MaterialResolution = {
    exemptMaterials: [], pendingMaterials: [], deferredMaterials: [], uploadedMaterials: [], missingMaterials: [], unknownMaterials: [],
  };
  const key = (item: string, name: string) => `${item}\u0000${name}`;
  const uploads = new Map(application.materials.map((u) => [key(u.item, u.name), u]));
  const deferrals = new Map((application.deferred ?? []).map((d) => [key(d.item, d.name), d]));
  const known = new Set(bundle.items.flatMap((i) => i.materials.map((m) => key(i.code, m.name))));
  for (const ref of [...application.materials, ...(application.deferred ?? [])]) {
    if (!known.has(key(ref.item, ref.name))) result.unknownMaterials.push({ item: ref.item, name: ref.name });
  }

  for (const item of bundle.items) {
    const earlier = ancestorsOf(bundle, item.code);
    for (const m of item.materials) {
      const issuer = m.satisfiedBy ? bundle.items.find((i) => earlier.has(i.code) && i.result === m.satisfiedBy) : undefined;
      if (issuer) {
        result.pendingMaterials.push({ item: item.code, name: m.name, certificateType: m.satisfiedBy!, issuedBy: issuer.code });
        continue;
      }
      const found = m.satisfiedBy ? findCertificate(m, input) : undefined;
      if (found?.status === 'valid') {
        result.exemptMaterials.push({ item: item.code, name: m.name, certificateId: found.certificate.id, certificateType: m.satisfiedBy!, checkedAt: now.toISOString(), ...(found.certificate.region && { certificateRegion: found.certificate.region }) });
        continue;
      }
      const upload = uploads.get(key(item.code, m.name));
      if (upload) {
        result.uploadedMaterials.push({ item: item.code, name: m.name, attachmentId: upload.attachmentId });
        continue;
      }
      const deferral = deferrals.get(key(item.code, m.name));
      if (!m.key) {
        result.deferredMaterials.push(withDeadline({ item: item.code, name: m.name, declared: !!deferral, ...(deferral?.deadline && { askedDate: deferral.deadline }) }, item, now, calendar));
        continue;
      }
      const missing: MissingMaterial = { item: item.code, name: m.name, key: true, reason: 'not-provided' };
      if (found) {
        missing.reason = 'certificate-not-valid';
        missing.certificate = { id: found.certificate.id, status: found.status };
      } else if (deferral) {
        missing.reason = 'key-material-not-deferrable';
      }
      result.missingMaterials.push(missing);
    }
  }
  return result;
}
