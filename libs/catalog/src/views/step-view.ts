import type { CertificateType, Field, LocalizedText, ServiceItem } from '../catalog/catalog.types';
import type { Certificate, CertificateStatus } from '../certificates/certificate.types';
import { statusAt } from '../certificates/certificate-status';
import type { MaterialResolution } from '../materials/resolve-materials';
import { MASKED_PII, maskPii } from './mask-pii';

export interface StepField {
  key: string;
  label: LocalizedText;
  type: Field['type'];
  value: unknown;
  masked: boolean;
}

export type StepMaterialStatus = 'exempt' | 'pending' | 'issued' | 'uploaded' | 'deferred' | 'missing';

export interface StepMaterial {
  name: string;
  key: boolean;
  satisfiedBy?: string;
  status: StepMaterialStatus;
  certificateId?: string;
  attachmentId?: string;
  /** For deferred materials: when they are due (null while not counted, `deadlineProblem` saying why). */
  deadline?: string | null;
  /** For deferred materials whose deadline is not counted yet: why (a year the calendar does not know). */
  deadlineProblem?: string;
  /** For pending materials: the earlier item that issues the certificate. */
  issuedBy?: string;
}

export interface StepCertificate {
  id: string;
  type: string;
  name: string;
  number: string;
  issuer: string;
  status: CertificateStatus;
  holder: { codeType: string; code: string; name: string };
  validUntil?: string;
  data: Record<string, unknown>;
}

/** What a clerk's task of a bundle step shows: only what the step's item needs. */
export interface StepView {
  item: string;
  department: string;
  fields: StepField[];
  materials: StepMaterial[];
  certificates: StepCertificate[];
}

export interface StepViewInput {
  item: ServiceItem;
  /** The case's merged form data. */
  form: Record<string, unknown>;
  /** The field dictionary (labels, types, PII classes). */
  dictionary: Field[];
  certificateTypes: CertificateType[];
  /** Certificates of the case: those the applicant held at submission and those its steps issued. */
  certificates: Certificate[];
  /** The material check made at submission. */
  resolution?: MaterialResolution;
  /**
   * The field keys the BPMN step lists (`tongban:fields`); defaults to the item's fields. Keys the
   * item itself does not ask for are shown masked.
   */
  stepFields?: string[];
  now: Date;
}

function materialsOf(input: StepViewInput): StepMaterial[] {
  const { item, resolution, certificates } = input;
  const find = <T extends { item: string; name: string }>(list: T[] | undefined, name: string) =>
    list?.find((x) => x.item === item.code && x.name === name);
  return item.materials.map((m) => {
    const base = { name: m.name, key: m.key, ...(m.satisfiedBy && { satisfiedBy: m.satisfiedBy }) };
    const exempt = find(resolution?.exemptMaterials, m.name);
    if (exempt) return { ...base, status: 'exempt' as const, certificateId: exempt.certificateId };
    const pending = find(resolution?.pendingMaterials, m.name);
    if (pending) {
      const issued = certificates.find((c) => c.type === pending.certificateType && c.issuedBy?.item === pending.issuedBy);
      if (issued) return { ...base, status: 'issued' as const, certificateId: issued.id, issuedBy: pending.issuedBy };
      return { ...base, status: 'pending' as const, issuedBy: pending.issuedBy };
    }
    const uploaded = find(resolution?.uploadedMaterials, m.name);
    if (uploaded) return { ...base, status: 'uploaded' as const, attachmentId: uploaded.attachmentId };
    const deferred = find(resolution?.deferredMaterials, m.name);
    if (deferred) return { ...base, status: 'deferred' as const, deadline: deferred.deadline, ...(deferred.deadlineProblem && { deadlineProblem: deferred.deadlineProblem }) };
    return { ...base, status: 'missing' as const };
  });
}

/**
 * The per-step view of a bundle case (data minimisation, enforced here rather than in a UI):
 * only the fields the step lists; ID numbers and bank accounts masked unless the item asks for
 * that field (or for a field holding the same value, e.g. the mother's ID number on her ID card); only the certificates the step's materials refer to, including ones earlier steps
 * of the case issued, with their personal data masked the same way.
 */
export function buildStepView(input: StepViewInput): StepView {
  const { item, form, dictionary, certificateTypes, now } = input;
  const byKey = new Map(dictionary.map((f) => [f.key, f]));
  const itemFields = new Set(item.fields);
  const unmaskedValues = new Set(item.fields.filter((k) => typeof form[k] === 'string').map((k) => form[k] as string));

  const fields = (input.stepFields ?? item.fields).flatMap((key) => {
    const f = byKey.get(key);
    if (!f) return [];
    const masked = !itemFields.has(key) && !!f.pii && MASKED_PII.includes(f.pii) && form[key] !== undefined;
    return [{ key, label: f.label, type: f.type, value: masked ? maskPii(form[key], f.pii) : form[key], masked }];
  });

  const materials = materialsOf(input);
  const wanted = new Set(materials.flatMap((m) => (m.certificateId ? [m.certificateId] : [])));
  const certificates = input.certificates.filter((c) => wanted.has(c.id)).map((c) => {
    const type = certificateTypes.find((t) => t.type === c.type);
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.data)) {
      const def = type?.fields.find((f) => f.key === k);
      const visible = (def?.formField !== undefined && itemFields.has(def.formField)) || (typeof v === 'string' && unmaskedValues.has(v));
      data[k] = visible ? v : maskPii(v, def?.pii);
    }
    const holderCode = c.holder.codeType === '111' && !unmaskedValues.has(c.holder.code) ? (maskPii(c.holder.code, 'id-number') as string) : c.holder.code;
    return {
      id: c.id, type: c.type, name: type?.name ?? c.type, number: c.number, issuer: c.issuer, status: statusAt(c, now),
      holder: { ...c.holder, code: holderCode }, ...(c.validUntil && { validUntil: c.validUntil }), data,
    };
  });
  return { item: item.code, department: item.department, fields, materials, certificates };
}
