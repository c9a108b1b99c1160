import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../feel/feel-source.util';
import type { ElementDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf, listOf } from './moddle-access.util';

type Assignment = Pick<ElementDef, 'department' | 'candidateGroups' | 'assignee' | 'taskSchedule'>;

/**
 * Who works on a user task. The department is `tongban:department`, else the first candidate
 * group (Camunda 7 `camunda:candidateGroups`, else Camunda 8 `zeebe:assignmentDefinition`).
 * Expressions (`=…`, Camunda 7 `${…}` also within text such as `clerk_${region}`) are kept in
 * Camunda 8 form, `=` and a FEEL body, evaluated when the task is created.
 */
export function compileAssignment(task: ModdleElement, ctx: CompileContext): Assignment {
  const zeebe = extensionOf(task, 'zeebe:AssignmentDefinition');
  const rawGroups = attributeOf(task, 'camunda:candidateGroups') ?? attributeOf(zeebe, 'candidateGroups');
  const groups = groupsOf(task, rawGroups, ctx);
  const firstGroup = groups?.[0]?.startsWith('=') ? undefined : groups?.[0];
  const department = attributeOf(task, 'tongban:department') ?? firstGroup;
  const assignee = valueOf(task, attributeOf(task, 'camunda:assignee') ?? attributeOf(zeebe, 'assignee'), 'assignee', ctx);
  for (const attribute of UNUSED_CAMUNDA_ATTRIBUTES) valueOf(task, attributeOf(task, attribute), attribute, ctx);
  return { department, candidateGroups: groups, assignee, taskSchedule: scheduleOf(task, ctx) };
}

/**
 * When a user task is due and when it should be looked at again: Camunda 8 `zeebe:taskSchedule`
 * (`dueDate`, `followUpDate`), Camunda 7 `camunda:dueDate` / `camunda:followUpDate`. Each is an
 * ISO 8601 date-time or an expression giving one, evaluated when the task is created.
 */
function scheduleOf(task: ModdleElement, ctx: CompileContext): ElementDef['taskSchedule'] {
  const zeebe = extensionOf(task, 'zeebe:TaskSchedule');
  const schedule: NonNullable<ElementDef['taskSchedule']> = {};
  for (const key of ['dueDate', 'followUpDate'] as const) {
    const text = attributeOf(task, `camunda:${key}`) ?? attributeOf(zeebe, key);
    if (text === undefined || text.trim() === '') continue;
    if (!isExpression(text) && Number.isNaN(Date.parse(text))) {
      ctx.out.add('BPMN_INVALID_MODEL', task, `${key} "${text}" is neither an ISO 8601 date-time nor an expression`);
      continue;
    }
    schedule[key] = valueOf(task, text, key, ctx);
  }
  return Object.keys(schedule).length > 0 ? schedule : undefined;
}

/**
 * Camunda 7 task attributes Tongban does not act on (the inbox is the department's). Their
 * expressions are still checked, so a bean or method call is refused like everywhere else.
 */
const UNUSED_CAMUNDA_ATTRIBUTES = ['camunda:candidateUsers', 'camunda:priority'];

/** A candidate-group list: comma separated, a FEEL list literal `=["a", "b"]`, or one FEEL expression. */
function groupsOf(task: ModdleElement, text: string | undefined, ctx: CompileContext): string[] | undefined {
  if (text === undefined) return undefined;
  if (!isExpression(text)) return listOf(text);
  const body = ctx.feel(task, text, 'candidate groups') ?? '';
  const literal = /^\[((\s*"[^"]*"\s*,?)*)\]$/.exec(body);
  return literal ? listOf(literal[1].replace(/"/g, '')) : [`=${body}`];
}

function valueOf(task: ModdleElement, text: string | undefined, what: string, ctx: CompileContext): string | undefined {
  if (text === undefined || !isExpression(text)) return text;
  return `=${ctx.feel(task, text, what)}`;
}
