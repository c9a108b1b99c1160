import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError } from '@tongban/engine';
import { DomainError } from '@tongban/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { CommandExecutor, InstanceSuspendedError } from '../instances/command-executor';
import type { Delivery } from '../messages/message.topics';
import { messageDeliveries } from '../persistence/message-delivery.repository';

class AlreadyDelivered extends Error {}

/** The target instance is suspended: the delivery job is retried with backoff and lands after resume. */
export class SuspendedTargetError extends Error {
  readonly retryable = true;
}

/** What one delivery did: the instance it correlated to, or the instance it started. */
export type DeliveryOutcome = { correlated?: string; started?: string } | undefined;

/**
 * Correlate-message command: delivers one published message or signal to one target (a waiting
 * subscription, or a message or signal start event), exactly once.
 *
 * ONE transaction, the target's own (the instance command, or the start):
 * 1. the instance row read and locked (for a subscription);
 * 2. `INSERT INTO message_delivery (message, target) ON CONFLICT DO NOTHING` — present already means
 *    delivered: nothing is written;
 * 3. the engine's `correlateMessage` / `triggerSignal` at the subscription's key with the message's
 *    variables, or a new instance from the start event;
 * 4. the effects' rows; the instance commit.
 * A subscription that is gone (the event was left, the instance ended) is dropped. A suspended
 * target is skipped (the api's immediate delivery); with `retryWhileSuspended` (the worker's
 * safety-net delivery) it throws `SuspendedTargetError`, BullMQ retries with backoff, and it lands
 * once the instance is resumed.
 */
@Injectable()
export class CorrelateMessageCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(delivery: Delivery, options: { retryWhileSuspended?: boolean } = {}): Promise<DeliveryOutcome> {
    const target = delivery.target;
    const recordDelivery = async (manager: EntityManager) => {
      if (!(await messageDeliveries.record(manager, delivery, this.clock.now()))) throw new AlreadyDelivered();
    };
    try {
      if (target.kind === 'start') {
        const definition = await messageDeliveries.definition(this.dataSource.manager, target.definitionId);
        if (!definition) return undefined;
        const row = await this.executor.start({ definition, variables: delivery.variables, actor: null, owner: delivery.owner ?? null, startEventId: target.startEventId, prepare: recordDelivery });
        return { started: row.id };
      }
      const type = delivery.event === 'message' ? ('correlateMessage' as const) : ('triggerSignal' as const);
      const instance = await this.executor.execute(target.instanceId, { type, key: target.key, variables: delivery.variables }, { actor: null, prepare: recordDelivery });
      const subs = (instance.engineState as { subs?: Record<string, unknown> }).subs ?? {};
      if (!subs[target.key]) await messageDeliveries.dropSubscription(this.dataSource.manager, delivery.event, target.instanceId, target.key);
      return { correlated: target.instanceId };
    } catch (error) {
      if (error instanceof InstanceSuspendedError && options.retryWhileSuspended) throw new SuspendedTargetError(error.message);
      if (error instanceof AlreadyDelivered || error instanceof InstanceSuspendedError) return undefined;
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE' || error.code === 'WAIT_KIND_MISMATCH')) {
        if (target.kind === 'subscription') await messageDeliveries.dropSubscription(this.dataSource.manager, delivery.event, target.instanceId, target.key);
        return undefined;
      }
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
}
