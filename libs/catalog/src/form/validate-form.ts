import { isValidCitizenId, isValidCreditCode } from './code-checks';
import type { MergedField, MergedForm } from './merge-form';

/** Why a submitted value was refused. */
export type FormErrorReason = 'required' | 'type' | 'pattern' | 'min' | 'max' | 'option' | 'checksum' | 'unknown';

export interface FormError {
  field: string;
  reason: FormErrorReason;
  message: string;
}

export interface FormValidationResult {
  valid: boolean;
  /** Every invalid field at once, in form order; unknown keys last when they are refused. */
  errors: FormError[];
  /** The submitted values of the form's own fields: what the case stores. */
  values: FormData;
  /** Submitted keys the form does not ask for (dropped, or refused as `unknown`). */
  unknownFields: string[];
}

export interface ValidateFormOptions {
  /** `drop` (default): keys the form does not ask for are left out of `values`; `reject`: they are errors. */
  unknownFields?: 'drop' | 'reject';
}

export type FormData = Record<string, unknown>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Longest text a form field accepts, whatever its own rules. */
export const MAX_TEXT_LENGTH = 2000;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function typeError(field: MergedField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
    case 'select':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isDate(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of options';
  }
}

/** The first rule the (present, well-typed) value breaks, if any. */
function ruleError(field: MergedField, value: unknown): Omit<FormError, 'field'> | undefined {
  if (typeof value === 'number') {
    if (field.min !== undefined && value < field.min) return { reason: 'min', message: `must be at least ${field.min}` };
    if (field.max !== undefined && value > field.max) return { reason: 'max', message: `must be at most ${field.max}` };
  }
  if (field.options) {
    const chosen = Array.isArray(value) ? value : [value];
    const bad = chosen.find((v) => !field.options!.includes(v as string));
    if (bad !== undefined) return { reason: 'option', message: `"${String(bad)}" is not one of ${field.options.join(', ')}` };
  }
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT_LENGTH) return { reason: 'max', message: `must be at most ${MAX_TEXT_LENGTH} characters` };
    const broken = field.patterns.find((p) => !new RegExp(p, 'u').test(value));
    if (broken) return { reason: 'pattern', message: `must match ${broken}` };
    if (field.format === 'citizen-id' && !isValidCitizenId(value)) {
      return { reason: 'checksum', message: 'is not a valid citizen ID number (GB 11643 check digit or birth date)' };
    }
    if (field.format === 'credit-code' && !isValidCreditCode(value)) {
      return { reason: 'checksum', message: 'is not a valid unified social credit code (GB 32100 check character)' };
    }
  }
  return undefined;
}

/**
 * Validates submitted form data against a bundle's merged form and returns every invalid field
 * at once (one error per field: the first of required, type, option/min/max, pattern, checksum).
 * Keys the form does not ask for never reach the case: dropped, or refused as `unknown`.
 */
export function validateForm(form: MergedForm, data: FormData, options: ValidateFormOptions = {}): FormValidationResult {
  const errors: FormError[] = [];
  const values: FormData = {};
  for (const field of form.fields) {
    const value = data[field.key];
    if (value !== undefined) values[field.key] = value;
    if (isEmpty(value)) {
      if (field.required) errors.push({ field: field.key, reason: 'required', message: `${field.label.zh} / ${field.label.en} is required` });
      continue;
    }
    const type = typeError(field, value);
    if (type) {
      errors.push({ field: field.key, reason: 'type', message: type });
      continue;
    }
    const rule = ruleError(field, value);
    if (rule) errors.push({ field: field.key, ...rule });
  }
  const known = new Set(form.fields.map((f) => f.key));
  const unknownFields = Object.keys(data).filter((key) => !known.has(key)).sort();
  if (options.unknownFields === 'reject') {
    for (const key of unknownFields) errors.push({ field: key, reason: 'unknown', message: 'is not a field of this form' });
  }
  return { valid: errors.length === 0, errors, values, unknownFields };
}
