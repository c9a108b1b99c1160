import type { StepField } from '../views/step-view';
import { boundField, type FormJsComponent, type FormJsSchema } from './form-js.types';

/** What the step may do with the linked form. */
export interface StepFormInput {
  schema: FormJsSchema;
  /**
   * The case fields the step may see (the bundle step view's fields, masked values included);
   * undefined when the task is no bundle step.
   */
  stepFields?: StepField[];
  /** A plain process step's `tongban:fields`: the dictionary fields it may see; all when undefined. */
  visibleFields?: string[];
  /** The task's variables: the values of a plain step's fields. */
  variables: Record<string, unknown>;
}

/** The linked form as the step shows it. */
export interface StepForm {
  schema: FormJsSchema;
  /** The values the form opens with. */
  data: Record<string, unknown>;
  /** Keys shown and disabled (the case's own data, or masked). */
  readOnly: string[];
  /** Keys the completion may send as variables. */
  editable: string[];
}

/** A variable by field key: a flat `applicant.name` variable, else the path into nested ones. */
function valueAt(variables: Record<string, unknown>, key: string): unknown {
  if (variables[key] !== undefined) return variables[key];
  return key.split('.').reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), variables);
}

/**
 * Reduces a linked form to the step (data minimisation, as the task's step view): a dictionary-bound
 * component the step may not see is removed; in a bundle step the fields it sees are the case's
 * form, read-only (a completion never overwrites the application's form) and filled from the step
 * view, masked where the view masks; in a plain process the fields it sees are editable and filled
 * from the task's variables. Components bound to no dictionary field (an opinion, a decision) are
 * the step's own and editable.
 */
export function buildStepForm(input: StepFormInput): StepForm {
  const byKey = new Map((input.stepFields ?? []).map((f) => [f.key, f]));
  const visible = input.visibleFields ? new Set(input.visibleFields) : undefined;
  const data: Record<string, unknown> = {};
  const readOnly: string[] = [];
  const editable: string[] = [];

  const reduce = (components: FormJsComponent[]): FormJsComponent[] => components.flatMap((component) => {
    const field = boundField(component);
    const kept: FormJsComponent = { ...component };
    if (Array.isArray(component.components)) kept.components = reduce(component.components);
    if (field === undefined) {
      if (component.key) {
        editable.push(component.key);
        const value = valueAt(input.variables, component.key);
        if (value !== undefined) data[component.key] = value;
      }
      return [kept];
    }
    if (input.stepFields) {
      const shown = byKey.get(field);
      if (!shown) return [];
      readOnly.push(field);
      if (shown.value !== undefined) data[field] = shown.value;
      return [{ ...kept, readonly: true, disabled: true, ...(shown.masked ? { type: 'textfield', validate: {} } : {}) }];
    }
    if (visible && !visible.has(field)) return [];
    editable.push(field);
    const value = valueAt(input.variables, field);
    if (value !== undefined) data[field] = value;
    return [kept];
  });

  return { schema: { ...input.schema, components: reduce(input.schema.components) }, data, readOnly, editable };
}
