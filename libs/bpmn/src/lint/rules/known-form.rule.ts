import type { LintNode, LintRuleFactory } from '../lint.types';
import { isType } from './lint-node.util';

/** A form id of the form store: letters, digits, `_`, `.` and `-`, no scheme (`embedded:…` forms live elsewhere). */
export const STORED_FORM_ID = /^[A-Za-z_][\w.-]{0,99}$/;

/**
 * The stored form a user task links: Camunda 8 `zeebe:formDefinition formId`, else a Camunda 7
 * `camunda:formKey` that is a plain form id (no `embedded:`/`app:`/`camunda-forms:` scheme).
 */
export function linkedFormIdOf(node: LintNode): string | undefined {
  const formId = formDefinitionIdOf(node);
  if (formId) return formId;
  const attrs = (node.$attrs ?? {}) as Record<string, string>;
  const key = (node as { formKey?: string }).formKey ?? Object.entries(attrs).find(([name]) => /:formKey$/.test(name))?.[1];
  return typeof key === 'string' && STORED_FORM_ID.test(key.trim()) ? key.trim() : undefined;
}

/** The form a Camunda 8 user task links by id (`zeebe:formDefinition formId`). */
function formDefinitionIdOf(node: LintNode): string | undefined {
  const values = (node.extensionElements?.values ?? []) as { $type: string; formId?: string; $attrs?: Record<string, string> }[];
  const definition = values.find((value) => /(^|:)formDefinition$/i.test(value.$type));
  const formId = definition?.formId ?? definition?.$attrs?.formId;
  return typeof formId === 'string' && formId.trim() ? formId.trim() : undefined;
}

/**
 * `tongban/known-form`: a Camunda 8 user task's linked form (`zeebe:formDefinition formId`) is a
 * form of the form store; a clerk would open a task whose form cannot be found. A Camunda 7
 * `camunda:formKey` is the key Camunda 7 hands to its task list as it is: it opens a stored form of
 * that id when there is one and refuses nothing. Checks nothing when the configuration names no
 * form list (the designer in the browser without the store).
 */
const knownForm: LintRuleFactory = (config: { forms?: readonly string[] } = {}) => {
  const known = config.forms ? new Set(config.forms) : undefined;
  return {
    check(node, reporter) {
      if (!known || !node.id || !isType(node, 'bpmn:UserTask')) return;
      const formId = formDefinitionIdOf(node);
      if (!formId || known.has(formId)) return;
      reporter.report(node.id, `Unknown form "${formId}": no form of the form store has this id`);
    },
  };
};

export default knownForm;
