import type { Effect } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { ElementDef } from '@tongban/bpmn';
import type { Run } from '../execution/run';
import type { FeelResult } from '../feel/sandboxed-feel';

/**
 * User task: a department's approval step. Activated, it offers `task.created` to the department's
 * clerks and waits; `completeTask` ends it, its variables merging into the instance (or only its
 * outputs, when it has output mappings); interrupted or terminated, the task is withdrawn.
 */
export const userTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    ei.wait = 'task';
    const effect: Extract<Effect, { type: 'task.created' }> = { type: 'task.created', key: ei.key, elementId: el.id };
    if (el.nameExpression) {
      const name = run.textValue(el.nameExpression, ei.key);
      if (!name.ok) {
        run.raiseIncident(ei, 'FEEL_ERROR', `name of ${el.id}: ${name.message}`, 'activate');
        return;
      }
      effect.name = name.value === null ? '' : String(name.value);
    } else if (el.name) effect.name = el.name;
    if (el.department) effect.department = el.department;
    if (el.formKey) effect.formKey = el.formKey;
    if (el.candidateGroups) {
      const groups = candidateGroups(run, ei, el.candidateGroups);
      if (!groups.ok) {
        run.raiseIncident(ei, 'FEEL_ERROR', `candidate groups of ${el.id}: ${groups.message}`, 'activate');
        return;
      }
      effect.candidateGroups = groups.value as string[];
    }
    if (el.assignee) {
      const assignee = run.textValue(el.assignee, ei.key);
      if (!assignee.ok) {
        run.raiseIncident(ei, 'FEEL_ERROR', `assignee of ${el.id}: ${assignee.message}`, 'activate');
        return;
      }
      if (assignee.value !== null) effect.assignee = String(assignee.value);
    }
    if (ei.vars) effect.variables = { ...ei.vars };
    const schedule = taskSchedule(run, ei, el);
    if (!schedule.ok) {
      run.raiseIncident(ei, 'FEEL_ERROR', `task schedule of ${el.id}: ${schedule.message}`, 'activate');
      return;
    }
    if (schedule.value) effect.schedule = schedule.value as NonNullable<typeof effect.schedule>;
    run.emit(effect);
  },

  complete(run, ei, el, variables) {
    delete ei.wait;
    recordCompletedTask(run, ei, el.id, el.scope);
    run.complete(ei, variables);
  },

  cancel(run, ei) {
    if (ei.wait === 'task') run.emit({ type: 'task.cancelled', key: ei.key, elementId: ei.el });
  },
};

/** Remembers in the scope instance that the user task (or its multi-instance body) completed there, for `returnTargets`. */
export function recordCompletedTask(run: Run, ei: ElementInstance, elementId: string, scopeId: string): void {
  const scope = ei.parent ? run.state.els[ei.parent] : undefined;
  if (!scope || scope.el !== scopeId) return;
  const done = (scope.doneTasks ??= []);
  if (!done.includes(elementId)) done.push(elementId);
}

/**
 * The task's clock as declared: `dueDate` and `followUpDate` evaluated to ISO 8601 instants (a FEEL
 * date-time, date or text), the step's `tongban:timeLimitDays` or `tongban:timeLimitHours` and unit, and its service item.
 */
function taskSchedule(run: Run, ei: ElementInstance, el: ElementDef): FeelResult {
  const schedule: Record<string, unknown> = {};
  for (const key of ['dueDate', 'followUpDate'] as const) {
    const text = el.taskSchedule?.[key];
    if (text === undefined) continue;
    const result = run.textValue(text, ei.key);
    if (!result.ok) return result;
    if (result.value === null || result.value === undefined || result.value === '') continue;
    const instant = instantOf(result.value);
    if (instant === undefined) return { ok: false, message: `${key} gave ${JSON.stringify(result.value)}, not a date-time` };
    schedule[key] = instant;
  }
  if (el.tongban?.timeLimitDays !== undefined) schedule.timeLimitDays = el.tongban.timeLimitDays;
  if (el.tongban?.timeLimitHours !== undefined) schedule.timeLimitHours = el.tongban.timeLimitHours;
  if (el.tongban?.timeLimitUnit !== undefined) schedule.timeLimitUnit = el.tongban.timeLimitUnit;
  if (el.tongban?.item !== undefined) schedule.item = el.tongban.item;
  return { ok: true, value: Object.keys(schedule).length > 0 ? schedule : undefined };
}

/** An ISO 8601 instant from a FEEL value: a date-time or a date (its start, UTC), or a text of one. */
function instantOf(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : typeof (value as { toString?: unknown })?.toString === 'function' ? String(value) : undefined;
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Candidate groups: a fixed list, or one FEEL expression (`=…`) giving a list or a comma-separated text. */
function candidateGroups(run: Run, ei: ElementInstance, groups: string[]): FeelResult {
  if (groups.length !== 1 || !groups[0].trim().startsWith('=')) return { ok: true, value: [...groups] };
  const result = run.evaluate(groups[0], ei.key);
  if (!result.ok) return result;
  const value = result.value;
  if (Array.isArray(value)) return { ok: true, value: value.map(String) };
  if (typeof value === 'string') return { ok: true, value: value.split(',').map((g) => g.trim()).filter(Boolean) };
  return value === null ? { ok: true, value: [] } : { ok: false, message: `gave ${JSON.stringify(value)}, not a list` };
}
