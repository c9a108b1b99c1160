import type { Field } from '../catalog/catalog.types';
import { boundField, componentsOf, type FormJsComponent, type FormJsSchema } from './form-js.types';

/** One reason a form schema was refused, located in the request body. */
export interface FormSchemaProblem {
  field: string;
  reason: 'required' | 'type' | 'unknown-field' | 'key-mismatch' | 'duplicate-key';
  message: string;
}

/** A form id: letters, digits, `_`, `.` and `-`, starting with a letter or `_` (what a BPMN `formId` can name). */
export const FORM_ID = /^[A-Za-z_][\w.-]{0,99}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems of the components themselves: shape, dictionary binding and duplicate keys. */
function componentProblems(components: unknown[], path: string, dictionary: Set<string>, keys: Set<string>): FormSchemaProblem[] {
  const problems: FormSchemaProblem[] = [];
  components.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(raw) || typeof raw.type !== 'string') {
      problems.push({ field: at, reason: 'type', message: 'must be a form-js component (an object with a type)' });
      return;
    }
    const component = raw as FormJsComponent;
    const field = boundField(component);
    if (field !== undefined && !dictionary.has(field)) problems.push({ field: `${at}.properties.field`, reason: 'unknown-field', message: `"${field}" is not a field of the field dictionary` });
    if (field !== undefined && component.key !== field) problems.push({ field: `${at}.key`, reason: 'key-mismatch', message: `must be ${field}, the dictionary field it is bound to` });
    if (typeof component.key === 'string') {
      if (keys.has(component.key)) problems.push({ field: `${at}.key`, reason: 'duplicate-key', message: `"${component.key}" is asked twice` });
      keys.add(component.key);
    }
    if (component.components !== undefined) {
      if (Array.isArray(component.components)) problems.push(...componentProblems(component.components, `${at}.components`, dictionary, keys));
      else problems.push({ field: `${at}.components`, reason: 'type', message: 'must be an array' });
    }
  });
  return problems;
}

/**
 * Checks a form-js schema sent for storage: a JSON object with an `id` (equal to `formId` when
 * given) and a `components` array; every dictionary-bound component (`properties.field`) names a
 * field of the dictionary and uses it as its key; no key is asked twice. Returns every problem.
 */
export function checkFormSchema(schema: unknown, dictionary: Field[], formId?: string): FormSchemaProblem[] {
  if (!isObject(schema)) return [{ field: 'schema', reason: 'type', message: 'must be a form-js schema (a JSON object)' }];
  const problems: FormSchemaProblem[] = [];
  if (typeof schema.id !== 'string' || !FORM_ID.test(schema.id)) problems.push({ field: 'schema.id', reason: 'required', message: 'must be a form id (letters, digits, _ . -, starting with a letter)' });
  else if (formId !== undefined && schema.id !== formId) problems.push({ field: 'schema.id', reason: 'key-mismatch', message: `must be ${formId}` });
  if (!Array.isArray(schema.components)) problems.push({ field: 'schema.components', reason: 'required', message: 'must be an array of form-js components' });
  else problems.push(...componentProblems(schema.components, 'schema.components', new Set(dictionary.map((f) => f.key)), new Set()));
  return problems;
}

/** The dictionary fields a schema binds, in form order. */
export function boundFields(schema: FormJsSchema): string[] {
  return componentsOf(schema.components).flatMap((c) => { const f = boundField(c); return f ? [f] : []; });
}
