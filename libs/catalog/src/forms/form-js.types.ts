/**
 * The slice of a `@bpmn-io/form-js` schema the server reads. A component bound to the field
 * dictionary carries the field key in `properties.field` (form-js custom properties) and as its `key`.
 */
export interface FormJsComponent {
  id?: string;
  type: string;
  key?: string;
  label?: string;
  description?: string;
  readonly?: boolean;
  disabled?: boolean;
  values?: { label: string; value: string }[];
  validate?: { required?: boolean; pattern?: string; min?: number; max?: number; minLength?: number; maxLength?: number };
  properties?: Record<string, string>;
  components?: FormJsComponent[];
  [other: string]: unknown;
}

/** A form-js schema: the body of a stored form version. */
export interface FormJsSchema {
  id: string;
  type: string;
  components: FormJsComponent[];
  schemaVersion?: number;
  [other: string]: unknown;
}

/** The form-js schema version the generated forms declare (form-js 1.x). */
export const FORM_JS_SCHEMA_VERSION = 16;

/** The dictionary field a component is bound to, when it is bound to one. */
export function boundField(component: FormJsComponent): string | undefined {
  const field = component.properties?.field;
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/** Every component of a schema, nested groups included, depth first. */
export function componentsOf(components: FormJsComponent[]): FormJsComponent[] {
  return components.flatMap((c) => [c, ...(Array.isArray(c.components) ? componentsOf(c.components) : [])]);
}
