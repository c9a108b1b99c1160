import type { ElementDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';

const DEFAULT_RETRIES = 3;

/**
 * Service, send and business-rule tasks (and script tasks and message throw events with a job type):
 * a job for a department's worker. Activated, it emits `job.created` and waits; `completeJob` ends it
 * with the worker's variables (`failJob` and `throwError` are incidents and BPMN errors, see engine.ts);
 * interrupted or terminated, the job is withdrawn.
 */
export const serviceTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    createJob(run, ei, el);
  },
  complete: completeJobWait,
  cancel: cancelJob,
};

/** The worker completed the job: the element leaves with the job's variables. */
export function completeJobWait(run: Run, ei: ElementInstance, _el: ElementDef, variables: Variables | undefined): void {
  delete ei.wait;
  run.complete(ei, variables);
}

/** The element is interrupted or terminated while its job is open: the job is withdrawn. */
export function cancelJob(run: Run, ei: ElementInstance): void {
  if (ei.wait === 'job') run.emit({ type: 'job.cancelled', key: ei.key, elementId: ei.el });
}

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
