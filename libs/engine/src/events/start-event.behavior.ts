import type { ElementBehavior } from '../execution/element-behavior';

/** Start events (none, message, timer, signal, and event-subprocess starts): the token leaves at once. */
export const startEventBehavior: ElementBehavior = {
  activate(run, ei) {
    run.complete(ei, ei.trigger && Object.keys(ei.trigger).length > 0 ? ei.trigger : undefined);
  },
};
