import type { ElementBehavior } from '../execution/element-behavior';
import { throwCompensation } from '../compensation/compensation-throw';
import { cancelJob, completeJobWait } from '../activities/service-task.behavior';
import { throwEventEffects } from './throw-event-effects';

/**
 * Intermediate throw events: none passes; signal, message and escalation throw and continue (unless
 * an interrupting catcher ended this token); link jumps to the matching catch; compensation runs handlers.
 */
export const intermediateThrowEventBehavior: ElementBehavior = {
  activate(run, ei, el) {
    const kind = el.event?.kind ?? 'none';
    if (kind === 'link') {
      const target = run.index.linkCatches[`${el.scope}\u0000${el.event?.linkName ?? ''}`];
      if (target) run.create(target.id, ei.parent as string, { trigger: {} });
      run.complete(ei, undefined, { flows: [] });
      return;
    }
    if (kind === 'compensate') {
      throwCompensation(run, ei, el);
      return;
    }
    if (!throwEventEffects(run, ei, el)) return;
    if (run.state.els[ei.key]) run.complete(ei);
  },
  /** A message throw with a job type waits for its job. */
  complete: completeJobWait,
  cancel: cancelJob,
};
