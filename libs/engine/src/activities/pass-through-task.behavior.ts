import type { ElementBehavior } from '../execution/element-behavior';

/** Task and manual task (and send / business-rule tasks with nothing to run): the token passes straight through. */
export const passThroughTaskBehavior: ElementBehavior = {
  activate(run, ei) {
    run.complete(ei);
  },
};
