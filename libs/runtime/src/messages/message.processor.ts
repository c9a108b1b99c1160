import { Injectable } from '@nestjs/common';
import { DomainError } from '@tongban/kernel';
import { failpoint } from '../failpoints/failpoint';
import { JobHandler, type JobInfo } from '../queues/job-handler.decorator';
import { MessageService } from './message.service';
import { MESSAGE_TOPIC, SIGNAL_TOPIC, type Delivery } from './message.topics';

/**
 * Deliveries the api did not finish (the outbox safety net), buffered messages consumed by a new
 * subscription, and messages and signals thrown by instances (published once per outbox row).
 */
@Injectable()
export class MessageProcessor {
  constructor(private readonly messages: MessageService) {}

  @JobHandler(MESSAGE_TOPIC)
  async message(payload: Record<string, unknown>, job: JobInfo): Promise<void> {
    if (job.name === 'message.thrown') {
      await this.once(() =>
        this.messages.publish({
          name: String(payload.messageName),
          correlationKey: payload.correlationKey === undefined ? null : String(payload.correlationKey),
          variables: (payload.variables as Record<string, unknown>) ?? {},
          messageId: `thrown:${String(payload.outboxId ?? job.id)}`,
          actor: null,
        }),
      );
    } else {
      await this.messages.deliver(payload as unknown as Delivery, { retryWhileSuspended: true });
    }
    failpoint('after-apply-before-ack');
  }

  @JobHandler(SIGNAL_TOPIC)
  async signal(payload: Record<string, unknown>, job: JobInfo): Promise<void> {
    if (job.name === 'signal.thrown') {
      await this.once(() =>
        this.messages.broadcast({
          name: String(payload.signalName),
          variables: (payload.variables as Record<string, unknown>) ?? {},
          signalId: `thrown:${String(payload.outboxId ?? job.id)}`,
          actor: null,
          ...(typeof payload.instanceId === 'string' ? { thrownBy: payload.instanceId } : {}),
        }),
      );
    } else {
      await this.messages.deliver(payload as unknown as Delivery, { retryWhileSuspended: true });
    }
    failpoint('after-apply-before-ack');
  }

  /** A redelivered throw finds its message published already; its deliveries are the outbox's. */
  private async once(publish: () => Promise<unknown>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      if (error instanceof DomainError && error.code === 'MESSAGE_DUPLICATE') return;
      throw error;
    }
  }
}
