import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance } from './engine-state';
import type { Run } from './run';

/** The BPMN semantics of one element type: what happens when a token activates it. */
export interface ElementBehavior {
  activate(run: Run, ei: ElementInstance, el: ElementDef): void;
}
