import type { Run } from '../execution/run';
import { triggerSubscription } from './event-trigger';

/**
 * Conditional events need no outside party: the subscription is kept in the state, and after every
 * change of variables (a command's completion variables, `setVariables`) each open condition is
 * evaluated in its owner's scope; those that hold fire. A non-interrupting one fires on every change
 * after which its condition holds.
 */
export function evaluateConditionalSubscriptions(run: Run): void {
  const conditional = Object.values(run.state.subs).filter((s) => s.kind === 'conditional');
  for (const sub of conditional) {
    if (!run.state.subs[sub.key] || !run.state.els[sub.owner]) continue;
    const el = run.element(sub.el);
    const holds = run.condition(el.event?.conditionExpression ?? 'false', sub.owner);
    if (holds.ok && holds.value === true) triggerSubscription(run, sub, {});
  }
}
