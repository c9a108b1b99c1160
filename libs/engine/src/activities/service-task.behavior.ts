import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';

const DEFAULT_RETRIES = 3;

/** Service, send and business-rule tasks (and message throw events) with a job type: a job for a worker. */
export const serviceTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    createJob(run, ei, el);
  },
};

/**
 * Emits the job of the element and waits for completeJob / throwError / failJob. A job type given as
 * a FEEL expression (`= "police." + region`) is evaluated here; a failure is a FEEL_ERROR incident
 * whose resolution tries again.
 */
export function createJob(run: Run, ei: ElementInstance, el: ElementDef): void {
  const jobType = run.textValue(el.jobType ?? el.id, ei.key);
  if (!jobType.ok || typeof jobType.value !== 'string' || jobType.value.trim() === '') {
    const why = jobType.ok ? `gave ${JSON.stringify(jobType.value)}, not a non-blank string` : jobType.message;
    run.raiseIncident(ei, 'FEEL_ERROR', `job type of ${el.id}: ${why}`, 'job');
    return;
  }
  ei.wait = 'job';
  run.emit({
    type: 'job.created', key: ei.key, elementId: el.id, jobType: jobType.value,
    retries: el.jobRetries ?? DEFAULT_RETRIES, variables: run.variables(ei.key),
    ...(el.jobHeaders ? { headers: { ...el.jobHeaders } } : {}),
  });
}
