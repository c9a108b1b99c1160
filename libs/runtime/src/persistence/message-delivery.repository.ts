import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { DefinitionSummary } from '../definitions/definition.service';
import type { Delivery } from '../messages/message.topics';

/** The rows a message or signal delivery reads and writes: its delivery record and the subscription it reached. */
export const messageDeliveries = {
  /** Records the delivery of a message to one target; false when it was delivered there already. */
  async record(manager: EntityManager, delivery: Delivery, at: Date): Promise<boolean> {
    const target = delivery.target;
    const key = target.kind === 'subscription' ? `${target.instanceId}:${target.key}` : `start:${target.definitionId}:${target.startEventId}`;
    return returnedRows(await manager.query(
      `INSERT INTO message_delivery (message_id, target, delivered_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING target`,
      [delivery.messageId, key, at],
    )).length === 1;
  },

  /** Deletes a subscription whose wait is gone (the event was left, the instance ended). */
  async dropSubscription(manager: EntityManager, event: Delivery['event'], instanceId: string, key: string): Promise<void> {
    const table = event === 'message' ? 'message_subscription' : 'signal_subscription';
    await manager.query(`DELETE FROM ${table} WHERE instance_id = $1 AND element_key = $2`, [instanceId, key]);
  },

  /** The definition a message or signal start event belongs to. */
  async definition(manager: EntityManager, definitionId: string): Promise<DefinitionSummary | undefined> {
    const [row] = (await manager.query(
      `SELECT id, key, version, name, deployment_id AS "deploymentId", resource_name AS "resourceName", created_at AS "createdAt" FROM process_definition WHERE id = $1`,
      [definitionId],
    )) as DefinitionSummary[];
    return row;
  },
};
