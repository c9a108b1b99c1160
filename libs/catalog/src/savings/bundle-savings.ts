import type { Material, ServiceItem } from '../catalog/catalog.types';
import { ancestorsOf, predecessorsOf, type ComposedBundle } from '../compose/compose-bundle';

/** What applying once for a bundle saves against applying for each item separately. */
export interface BundleSavings {
  /** Form entries filled in when applying item by item (a field asked by three items counts three times). */
  fieldsSeparately: number;
  /** Form entries filled in once for the bundle (distinct field keys). */
  fieldsOnce: number;
  /** Materials handed in when applying item by item. */
  materialsSeparately: number;
  /** Distinct documents the applicant still hands in for the bundle: no certificate can replace them. */
  materialsToSubmit: number;
  /** Distinct departments involved. */
  departments: number;
  /** Trips to a service hall when applying item by item (one per item), and for the bundle (one). */
  visitsSeparately: number;
  visitsBundle: number;
  /**
   * Promised days one after the other, and along the bundle's critical path (parallel items overlap;
   * items approved by rule, 秒办, count as 0 days there).
   */
  daysSeparately: number;
  daysBundle: number;
  /** Items decided by an auto-approval decision (秒办): 0-day items on the critical path when the rule approves. */
  autoApprovedItems: string[];
}

export interface SavingsOptions {
  /**
   * Certificate types the applicant holds. When omitted, every material a certificate type can
   * satisfy counts as exempt (the e-certificate library has it); when given, only those types
   * and the certificates an earlier item of the bundle issues do.
   */
  heldCertificateTypes?: string[];
}

/** One document: the same certificate type, or the same name when no certificate replaces it. */
function documentKey(m: Material): string {
  return m.satisfiedBy ? `certificate:${m.satisfiedBy}` : `name:${m.name}`;
}

function exempt(bundle: ComposedBundle, item: ServiceItem, m: Material, held: string[] | undefined): boolean {
  if (!m.satisfiedBy) return false;
  if (held === undefined || held.includes(m.satisfiedBy)) return true;
  const earlier = ancestorsOf(bundle, item.code);
  return bundle.items.some((i) => earlier.has(i.code) && i.result === m.satisfiedBy);
}

/** An item's promised limit in whole days: an hour limit counts the days its hours span (8 working hours, 24 natural hours a day). */
function daysOf(item: ServiceItem): number {
  if (item.dayUnit === 'working-hours') return Math.ceil(item.promisedDays / 8);
  return item.dayUnit === 'hours' ? Math.ceil(item.promisedDays / 24) : item.promisedDays;
}

/** Longest promised-days path through the dependency graph. */
function criticalPath(bundle: ComposedBundle): number {
  const finish = new Map<string, number>();
  for (const layer of bundle.layers) {
    for (const code of layer) {
      const item = bundle.items.find((i) => i.code === code)!;
      const start = Math.max(0, ...predecessorsOf(bundle, code).map((p) => finish.get(p)!));
      finish.set(code, start + (item.autoApproval ? 0 : daysOf(item)));
    }
  }
  return Math.max(...finish.values());
}

/**
 * The savings report of a bundle (`GET /api/v1/bundles/:code/savings`). Days are promised time
 * limits as catalogued (working days for every shipped item); an item with an auto-approval decision
 * (秒办) is a 0-day item, listed in `autoApprovedItems`.
 */
export function bundleSavings(bundle: ComposedBundle, options: SavingsOptions = {}): BundleSavings {
  const toSubmit = new Set<string>();
  for (const item of bundle.items) {
    for (const m of item.materials) if (!exempt(bundle, item, m, options.heldCertificateTypes)) toSubmit.add(documentKey(m));
  }
  return {
    fieldsSeparately: bundle.items.reduce((n, i) => n + i.fields.length, 0),
    fieldsOnce: new Set(bundle.items.flatMap((i) => i.fields)).size,
    materialsSeparately: bundle.items.reduce((n, i) => n + i.materials.length, 0),
    materialsToSubmit: toSubmit.size,
    departments: new Set(bundle.items.map((i) => i.department)).size,
    visitsSeparately: bundle.items.length,
    visitsBundle: 1,
    daysSeparately: bundle.items.reduce((n, i) => n + daysOf(i), 0),
    daysBundle: criticalPath(bundle),
    autoApprovedItems: bundle.items.filter((i) => i.autoApproval).map((i) => i.code),
  };
}
