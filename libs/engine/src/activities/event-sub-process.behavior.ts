import type { ElementDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { isSubscribable, openSubscription, type SubscriptionFailure } from '../events/event-subscriptions';

/** Event subprocesses: listen while their scope is active; interrupting ones end the scope's other work. */

/** Opens the start-event subscriptions (message, timer, signal, conditional) of a scope's event subprocesses. */
export function openEventSubprocessSubscriptions(run: Run, scope: ElementInstance): SubscriptionFailure | undefined {
  for (const esp of run.model.scopes[scope.el]?.eventSubprocesses ?? []) {
    const start = run.index.eventSubprocessStart[esp];
    if (!isSubscribable(start)) continue;
    const failure = openSubscription(run, scope, start);
    if (failure) {
      run.closeSubscriptions(scope);
      return failure;
    }
  }
  return undefined;
}

/** Starts the event subprocess of `start` inside `scope`, first ending the scope's work when it interrupts. */
export function triggerEventSubprocess(run: Run, scope: ElementInstance, start: ElementDef, vars?: Variables): void {
  const interrupting = start.interrupting !== false;
  if (interrupting) {
    run.terminateChildren(scope);
    run.closeSubscriptions(scope);
  }
  const esp = run.create(start.scope, scope.key, { manual: true });
  esp.wait = 'scope';
  if (interrupting) esp.interrupting = true;
  openEventSubprocessSubscriptions(run, esp);
  run.create(start.id, esp.key, { trigger: vars ?? {} });
}
