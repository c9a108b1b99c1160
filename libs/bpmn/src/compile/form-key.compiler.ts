import type { ModdleElement } from 'bpmn-moddle';
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
