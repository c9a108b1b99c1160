import type { Effect } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
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
