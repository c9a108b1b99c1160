import { Injectable } from '@nestjs/common';
import { CompleteCallCommand, type CallEnded, type CallEscalated } from '../commands/complete-call.command';
import { StartCalledInstanceCommand, type CallStarted } from '../commands/start-called-instance.command';
import { OutboxTopic } from '../outbox/outbox.topics';
import { JobHandler, type JobInfo } from '../queues/job-handler.decorator';

/** Call activities: starts the called child and hands its outcome back to the parent (see the two commands). */
@Injectable()
export class CallProcessor {
  constructor(
    private readonly startCalledInstance: StartCalledInstanceCommand,
    private readonly completeCall: CompleteCallCommand,
  ) {}

  @JobHandler(OutboxTopic.calls)
  async handle(payload: Record<string, unknown>, job: JobInfo): Promise<void> {
    if (job.name === 'call.started') await this.startCalledInstance.run(payload as unknown as CallStarted);
    else if (job.name === 'call.ended') await this.completeCall.run(payload as unknown as CallEnded);
    else if (job.name === 'call.escalated') await this.completeCall.escalate(payload as unknown as CallEscalated);
  }
}
