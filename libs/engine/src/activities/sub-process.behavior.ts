import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';
import { openEventSubprocessSubscriptions } from './event-sub-process.behavior';

/** Embedded subprocess (and the process itself): a scope that starts at its none start event and completes when empty. */
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
