import type { Field, FieldType } from '../catalog/catalog.types';
import { MAX_TEXT_LENGTH } from '../form/validate-form';
import type { MergedField } from '../form/merge-form';
import { FORM_JS_SCHEMA_VERSION, type FormJsComponent, type FormJsSchema } from './form-js.types';

/** A field as a generated form shows it: a dictionary entry, or a merged field with all its patterns. */
export type FormSourceField = (Field & { patterns?: undefined }) | MergedField;

/** The form-js component type of each dictionary field type. */
const COMPONENT_OF: Record<FieldType, string> = {
  text: 'textfield', number: 'number', date: 'datetime', boolean: 'checkbox', select: 'select', multiselect: 'checklist',
};

/** One pattern matching what all of `patterns` match (lookaheads), or the one pattern itself. */
function combined(patterns: string[]): string | undefined {
  if (patterns.length <= 1) return patterns[0];
  return patterns.map((p) => `(?=${p.replace(/^\^/, '').replace(/\$$/, '')}$)`).join('').replace(/^/, '^') + '.*$';
}

/** The form-js `validate` block of a field: required, pattern and length or range. */
function validateOf(field: FormSourceField): FormJsComponent['validate'] {
  const patterns = 'patterns' in field && field.patterns ? field.patterns : field.pattern ? [field.pattern] : [];
  const validate: NonNullable<FormJsComponent['validate']> = {};
  if (field.required) validate.required = true;
  if (field.type === 'text') {
    const pattern = combined(patterns);
    if (pattern) validate.pattern = pattern;
    validate.maxLength = MAX_TEXT_LENGTH;
  }
  if (field.type === 'number') {
    if (field.min !== undefined) validate.min = field.min;
    if (field.max !== undefined) validate.max = field.max;
  }
  return validate;
}

/** The form-js component of one dictionary field, bound to it by `properties.field`. */
export function componentOfField(field: FormSourceField, locale: 'zh' | 'en' = 'zh'): FormJsComponent {
  const component: FormJsComponent = {
    id: `Field_${field.key.replace(/[^\w]/g, '_')}`,
    type: COMPONENT_OF[field.type],
    key: field.key,
    label: field.label[locale],
    properties: { field: field.key },
    validate: validateOf(field),
  };
  if (field.type === 'date') Object.assign(component, { subtype: 'date', dateLabel: field.label[locale] });
  if (field.options) component.values = field.options.map((o) => ({ label: o, value: o }));
  return component;
}

/** A form-js schema asking for `fields` in order, each bound to its dictionary entry. */
export function formOfFields(id: string, fields: FormSourceField[], locale: 'zh' | 'en' = 'zh'): FormJsSchema {
  return { id, type: 'default', schemaVersion: FORM_JS_SCHEMA_VERSION, components: fields.map((f) => componentOfField(f, locale)) };
}
