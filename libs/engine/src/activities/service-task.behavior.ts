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

/** Emits the job of the element and waits for completeJob / throwError / failJob. */
export function createJob(run: Run, ei: ElementInstance, el: ElementDef): void {
  ei.wait = 'job';
  run.emit({
    type: 'job.created', key: ei.key, elementId: el.id, jobType: el.jobType ?? el.id,
    retries: el.jobRetries ?? DEFAULT_RETRIES, variables: run.variables(ei.key),
    ...(el.jobHeaders ? { headers: { ...el.jobHeaders } } : {}),
  });
}
