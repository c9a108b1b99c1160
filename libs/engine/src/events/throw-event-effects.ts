import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { createJob } from '../activities/service-task.behavior';
import { throwEscalation } from './throw-propagation';

/**
 * What a signal, message or escalation throw event (intermediate or end) sends out. Returns false when
 * the event now waits (a message throw with a job type) or raised an incident.
 */
export function throwEventEffects(run: Run, ei: ElementInstance, el: ElementDef): boolean {
  const event = el.event;
  if (!event) return true;
  const payload = (): Record<string, unknown> => (el.inputs && el.inputs.length > 0 ? { ...(ei.vars ?? {}) } : run.variables(ei.key));
  if (event.kind === 'signal') {
    const name = run.textValue(event.signalName ?? el.id, ei.key);
    if (!name.ok) return fail(run, ei, `signal name of ${el.id}: ${name.message}`);
    run.emit({ type: 'signal.thrown', elementId: el.id, signalName: String(name.value), variables: payload() });
  } else if (event.kind === 'message') {
    if (el.jobType) {
      createJob(run, ei, el);
      return false;
    }
    const name = run.textValue(event.messageName ?? el.id, ei.key);
    if (!name.ok) return fail(run, ei, `message name of ${el.id}: ${name.message}`);
    let correlationKey: string | undefined;
    if (event.correlationKey) {
      const key = run.evaluate(event.correlationKey, ei.key);
      if (!key.ok) return fail(run, ei, `correlation key of ${el.id}: ${key.message}`);
      if (key.value !== null) correlationKey = String(key.value);
    }
    run.emit({ type: 'message.thrown', elementId: el.id, messageName: String(name.value), ...(correlationKey !== undefined ? { correlationKey } : {}), variables: payload() });
  } else if (event.kind === 'escalation') {
    throwEscalation(run, ei, event.code ?? '', {});
  }
  return true;
}

function fail(run: Run, ei: ElementInstance, message: string): boolean {
  run.raiseIncident(ei, 'FEEL_ERROR', message, 'activate');
  return false;
}
