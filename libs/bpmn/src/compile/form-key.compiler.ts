import type { ModdleElement } from 'bpmn-moddle';
import { STORED_FORM_ID } from '../lint/rules/known-form.rule';
import { attributeOf, extensionOf } from './moddle-access.util';

/**
 * The form a user task shows: Camunda 7 `camunda:formKey`, else Camunda 8
 * `zeebe:formDefinition` (formKey, formId or externalReference).
 */
export function compileFormKey(task: ModdleElement): string | undefined {
  const zeebe = extensionOf(task, 'zeebe:FormDefinition');
  return (
    attributeOf(task, 'camunda:formKey') ??
    attributeOf(zeebe, 'formKey') ??
    attributeOf(zeebe, 'formId') ??
    attributeOf(zeebe, 'externalReference')
  );
}

/**
 * The stored form (`/api/v1/forms`) a user task links: `zeebe:formDefinition formId`, else a
 * `camunda:formKey` that is a plain form id (no `embedded:`, `app:` or `camunda-forms:` scheme).
 */
export function compileFormId(task: ModdleElement): string | undefined {
  const formId = attributeOf(extensionOf(task, 'zeebe:FormDefinition'), 'formId');
  if (formId) return formId;
  const formKey = attributeOf(task, 'camunda:formKey');
  return formKey && STORED_FORM_ID.test(formKey) ? formKey : undefined;
}
