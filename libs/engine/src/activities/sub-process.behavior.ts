import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';
import { openEventSubprocessSubscriptions } from './event-sub-process.behavior';

/**
 * Embedded subprocess (and the process itself): a scope. Activated, it subscribes its event
 * subprocesses and puts a token on its none start event; it completes when its last token has ended
 * and no join waits (`Run.checkScope`); interrupted or terminated, everything inside it ends first
 * (`Run.terminate`). A completed subprocess stays compensable through its own handler, its
 * compensation event subprocess, or the compensable activities inside it.
 */
export const subProcessBehavior: ElementBehavior = {
  activate(run, ei, el) {
    enterScope(run, ei, run.model.scopes[el.id]?.noneStart);
  },
};

/** Activates a scope instance: subscribes its event subprocesses, then puts a token on the start event. */
export function enterScope(run: Run, ei: ElementInstance, startId: string | undefined): void {
  ei.wait = 'scope';
  const failure = openEventSubprocessSubscriptions(run, ei);
  if (failure) {
    run.raiseIncident(ei, failure.type, failure.message, 'activate');
    return;
  }
  if (!startId) {
    run.complete(ei);
    return;
  }
  run.create(startId, ei.key);
}
