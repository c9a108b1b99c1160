import { Injectable } from '@nestjs/common';
import { JobService } from '../jobs/job.service';
import { JobHandler, type JobInfo } from '../queues/job-handler.decorator';
import { CONTROL_TOPIC } from './control.topics';
import { InstanceControlService } from './instance-control.service';

/** Cancels the called children of a cancelled instance; takes withdrawn jobs off their queues. */
@Injectable()
export class ControlProcessor {
  constructor(
    private readonly control: InstanceControlService,
    private readonly jobs: JobService,
  ) {}

  @JobHandler(CONTROL_TOPIC)
  async handle(payload: Record<string, unknown>, job: JobInfo): Promise<void> {
    if (job.name === 'job.withdraw') await this.jobs.withdrawFromQueue([{ id: String(payload.jobId), type: String(payload.jobType) }]);
    else await this.control.cancelChild(String(payload.instanceId));
  }
}
