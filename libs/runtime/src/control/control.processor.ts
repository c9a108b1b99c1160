import { Injectable } from '@nestjs/common';
import { JobHandler } from '../queues/job-handler.decorator';
import { CONTROL_TOPIC } from './control.topics';
import { InstanceControlService } from './instance-control.service';

/** Cancels the called children of a cancelled instance. */
@Injectable()
export class ControlProcessor {
  constructor(private readonly control: InstanceControlService) {}

  @JobHandler(CONTROL_TOPIC)
  async cancelChild(payload: Record<string, unknown>): Promise<void> {
    await this.control.cancelChild(String(payload.instanceId));
  }
}
