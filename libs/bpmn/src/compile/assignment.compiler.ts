import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef } from '../model/process-model';
import { attributeOf, extensionOf, listOf } from './moddle-access.util';

type Assignment = Pick<ElementDef, 'department' | 'candidateGroups' | 'assignee'>;

/**
 * Who works on a user task. The department is `tongban:department`, else the first candidate
 * group (Camunda 7 `camunda:candidateGroups`, else Camunda 8 `zeebe:assignmentDefinition`).
 */
export function compileAssignment(task: ModdleElement): Assignment {
  const zeebe = extensionOf(task, 'zeebe:AssignmentDefinition');
  const groups = groupsOf(attributeOf(task, 'camunda:candidateGroups')) ?? groupsOf(attributeOf(zeebe, 'candidateGroups'));
  const department = attributeOf(task, 'tongban:department') ?? groupsOf(groups?.[0])?.[0];
  const assignee = attributeOf(task, 'camunda:assignee') ?? attributeOf(zeebe, 'assignee');
  return { department, candidateGroups: groups, assignee };
}

/** A candidate-group list: comma separated, or a FEEL list literal `=["a", "b"]`. */
function groupsOf(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const literal = /^=\s*\[(.*)\]\s*$/s.exec(text);
  if (literal && /^(\s*"[^"]*"\s*,?)*$/.test(literal[1])) {
    return listOf(literal[1].replace(/"/g, ''));
  }
  return listOf(text);
}
