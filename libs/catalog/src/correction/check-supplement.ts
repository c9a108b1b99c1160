import { validateForm, type FormData } from '../form/validate-form';
import type { MergedForm } from '../form/merge-form';
import type { CorrectionAsk, FieldChange, Supplement, SupplementProblem } from './correction.types';

export interface SupplementCheck {
  /** Everything still missing or invalid, and anything sent that was not asked for; empty when accepted. */
  problems: SupplementProblem[];
  /** The case's form with the supplement applied. */
  form: FormData;
  diff: FieldChange[];
}

/**
 * Checks a supplement against exactly what the correction asked for: every asked field present and
 * valid by the bundle's form rules, every asked material uploaded (an attachment that exists), and
 * nothing else sent.
 */
export function checkSupplement(input: {
  asked: CorrectionAsk[];
  supplement: Supplement;
  caseForm: FormData;
  mergedForm: MergedForm;
  existingAttachments: Set<string>;
}): SupplementCheck {
  const { asked, supplement, caseForm, mergedForm, existingAttachments } = input;
  const problems: SupplementProblem[] = [];
  const sentForm = supplement.form ?? {};
  const askedFields = asked.flatMap((a) => (a.field !== undefined ? [a.field] : []));
  const askedMaterials = asked.flatMap((a) => (a.material !== undefined ? [a.material] : []));

  for (const key of Object.keys(sentForm).filter((k) => !askedFields.includes(k)).sort()) {
    problems.push({ field: key, reason: 'not-asked', message: `${key} was not asked for` });
  }
  const form = { ...caseForm, ...Object.fromEntries(askedFields.filter((k) => k in sentForm).map((k) => [k, sentForm[k]])) };
  const errors = new Map(validateForm(mergedForm, form).errors.map((e) => [e.field, e]));
  for (const key of askedFields) {
    if (!(key in sentForm)) problems.push({ field: key, reason: 'missing', message: `${key} was asked for and is missing` });
    else if (errors.has(key)) problems.push({ field: key, reason: 'invalid', message: errors.get(key)!.message });
  }

  const sentMaterials = supplement.materials ?? [];
  for (const m of sentMaterials.filter((x) => !askedMaterials.includes(x.name))) {
    problems.push({ material: m.name, reason: 'not-asked', message: `${m.name} was not asked for` });
  }
  for (const name of askedMaterials) {
    const upload = sentMaterials.find((m) => m.name === name);
    if (!upload) problems.push({ material: name, reason: 'missing', message: `${name} was asked for and is missing` });
    else if (!existingAttachments.has(upload.attachmentId)) problems.push({ material: name, reason: 'unknown-attachment', message: `no attachment ${upload.attachmentId}` });
  }

  const diff = askedFields.filter((k) => k in sentForm).map((k) => ({ field: k, before: caseForm[k] ?? null, after: sentForm[k] }));
  return { problems, form, diff };
}
