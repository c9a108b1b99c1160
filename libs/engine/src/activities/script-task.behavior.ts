import type { ElementBehavior } from '../execution/element-behavior';
import { cancelJob, completeJobWait, createJob } from './service-task.behavior';

/**
 * Script task (and business-rule task with a FEEL script): evaluates FEEL and stores the result
 * variable. Without a script but with a job type it is a job for a worker, like a service task.
 */
export const scriptTaskBehavior: ElementBehavior = {
  activate(run, ei, el) {
    if (!el.script) {
      if (el.jobType) createJob(run, ei, el);
      else run.complete(ei);
      return;
    }
    const result = run.evaluate(el.script.expression, ei.key);
    if (!result.ok) {
      run.raiseIncident(ei, 'FEEL_ERROR', `script of ${el.id}: ${result.message}`, 'activate');
      return;
    }
    run.complete(ei, el.script.resultVariable ? { [el.script.resultVariable]: result.value } : undefined);
  },
  complete: completeJobWait,
  cancel: cancelJob,
};
