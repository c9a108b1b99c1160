import { returnedRows, type DomainEvent } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** Who an event concerns: the case of its process, if it is one, and the active webhook subscriptions to its type. */
export interface EventAudience {
  application?: { id: string; applicantCode: string };
  subscriptionIds: string[];
}

/**
 * The audience of one event in ONE statement: the application whose process the event is about (none
 * when the event names its application already, or names no process) and the ids of the active
 * subscriptions to its type, in id order.
 */
export async function eventAudience(m: EntityManager, event: DomainEvent): Promise<EventAudience> {
  const instanceId = event.applicationId ? null : event.processInstanceId ?? null;
  const [row] = returnedRows<{ application_id: string | null; applicant_code: string | null; subscription_ids: string[] }>(await m.query(
    `SELECT a.id AS application_id, a.applicant_code,
            ARRAY(SELECT s.id::text FROM webhook_subscription s WHERE s.active AND $2 = ANY(s.event_types) ORDER BY s.id) AS subscription_ids
       FROM (SELECT 1) AS one LEFT JOIN application a ON a.process_instance_id = $1::uuid`,
    [instanceId, event.type],
  ));
  return {
    ...(row.application_id && { application: { id: row.application_id, applicantCode: row.applicant_code ?? '' } }),
    subscriptionIds: row.subscription_ids,
  };
}
