import type { ModdleElement } from 'bpmn-moddle';
import type { CompileContext } from './compile.context';
import { extensionsOf } from './moddle-access.util';

/** Listener extensions that would run code tongban does not run, with the alternative shown to the designer. */
const LISTENERS: Record<string, string> = {
  'zeebe:ExecutionListeners': 'zeebe execution listeners are not supported; model the work as a service task',
  'zeebe:TaskListeners': 'zeebe task listeners are not supported; model the work as a service task',
  'camunda:ExecutionListener': 'camunda execution listeners (Java or scripts) cannot run; model the work as a service task with a job type',
  'camunda:TaskListener': 'camunda task listeners (Java or scripts) cannot run; model the work as a service task with a job type',
};

/**
 * Refuses listeners on a flow node, sequence flow or process: they change what an element does
 * when it starts, ends or is taken, so ignoring them would run the model differently than drawn.
 */
export function refuseListeners(element: ModdleElement, ctx: CompileContext): void {
  for (const [type, why] of Object.entries(LISTENERS)) {
    if (extensionsOf(element, type).length > 0) ctx.unsupported(element, why);
  }
}
