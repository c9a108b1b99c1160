import type { Effect } from '../engine.types';
import type { ElementBehavior } from '../execution/element-behavior';

/** User task: a department's approval step; waits for `completeTask`, whose variables merge into the instance. */
export const userTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    ei.wait = 'task';
    const effect: Extract<Effect, { type: 'task.created' }> = { type: 'task.created', key: ei.key, elementId: el.id };
    if (el.name) effect.name = el.name;
    if (el.department) effect.department = el.department;
    if (el.candidateGroups) effect.candidateGroups = [...el.candidateGroups];
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
};
