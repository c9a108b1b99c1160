import type { ApplicationCheck } from './check-application';

/** One thing wrong with an application: a field (form entry, upload reference) or a material of an item. */
export type ApplicationProblem =
  | { kind: 'field'; field: string; reason: string; message: string }
  | { kind: 'material'; item: string; material: string; reason: string; message: string };

/** Fields refused outside the form check: unknown dictionary keys, unknown attachments. */
export interface FieldProblem {
  field: string;
  reason: string;
  message: string;
}

/**
 * Every problem of an application in one list (一次性告知): invalid and missing fields first, then
 * materials no item asks for, then key materials nothing satisfies, each with its field or its
 * item and material name.
 */
export function applicationProblems(check: ApplicationCheck, fieldProblems: FieldProblem[]): ApplicationProblem[] {
  return [
    ...check.formErrors.map((e) => ({ kind: 'field' as const, field: e.field, reason: e.reason, message: e.message })),
    ...fieldProblems.map((e) => ({ kind: 'field' as const, ...e })),
    ...check.resolution.unknownMaterials.map((u) => ({
      kind: 'material' as const, item: u.item, material: u.name, reason: 'unknown', message: `item ${u.item} of bundle ${check.notice.bundle} has no material "${u.name}"`,
    })),
    ...check.notice.missing.map((m) => ({ kind: 'material' as const, item: m.item, material: m.name, reason: m.reason, message: m.message.en })),
  ];
}
