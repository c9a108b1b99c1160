import type { ElementDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from './engine-state';
import type { Run } from './run';

/**
 * The BPMN semantics of one element type, over its whole life: what happens when a token activates
 * it, when what it waits for is done, and when it is interrupted or terminated while it waits.
 */
export interface ElementBehavior {
  /** A token reached the element: do its work and move on, or start waiting. */
  activate(run: Run, ei: ElementInstance, el: ElementDef): void;
  /**
   * What the element waits for is done (the clerk completed the task, the worker the job, the called
   * child ended, the message or timer arrived): leave with the variables it was completed with.
   */
  complete?(run: Run, ei: ElementInstance, el: ElementDef, variables: Variables | undefined): void;
  /** The element is interrupted or terminated: withdraw what it waits for (task, job, call, subscription). */
  cancel?(run: Run, ei: ElementInstance, el: ElementDef): void;
}
