import type { LintRuleFactory } from '../lint.types';
import { isType, tongbanAttribute } from './lint-node.util';

/**
 * `tongban/user-task-department`: a user task names the department whose clerks work it
 * (`tongban:department`), unless it is assigned otherwise (an assignee or candidate groups).
 */
const userTaskDepartment: LintRuleFactory = () => ({
  check(node, reporter) {
    if (!isType(node, 'bpmn:UserTask') || !node.id) return;
    if (tongbanAttribute(node, 'department') || hasAssignment(node)) return;
    reporter.report(node.id, 'User task without a department (tongban:department): no clerk queue will list it');
  },
});

function hasAssignment(node: { extensionElements?: { values?: { $type: string; [key: string]: unknown }[] }; $attrs?: Record<string, string> }): boolean {
  const values = node.extensionElements?.values ?? [];
  if (values.some((value) => value.$type === 'zeebe:AssignmentDefinition' && (value.assignee || value.candidateGroups || value.candidateUsers))) return true;
  const attrs = node.$attrs ?? {};
  return Object.keys(attrs).some((key) => /:(assignee|candidateGroups|candidateUsers)$/.test(key))
    || ['assignee', 'candidateGroups', 'candidateUsers'].some((key) => Boolean((node as Record<string, unknown>)[key]));
}

export default userTaskDepartment;
