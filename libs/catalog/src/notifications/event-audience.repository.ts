import { returnedRows, type RelayedEvent } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** Who an event concerns: the case of its process, if it is one, and the active webhook subscriptions to its type. */
export interface EventAudience {
  application?: { id: string; applicantCode: string };
  subscriptionIds: string[];
}

export type { RelayedEvent };

/**
 * The audiences of several events in ONE statement: for each, the application whose process the
 * event is about (none when the event names its application already, or names no process) and the
 * ids of the active subscriptions to its type, in id order. Each case is looked up with its region
 * (the distribution column) when the event's outbox row named it. Answers in the order of `relayed`.
 */
export async function eventAudiences(m: EntityManager, relayed: readonly RelayedEvent[]): Promise<EventAudience[]> {
  const events = relayed.map((r) => r.event);
  const regionOf = new Map<string, string | null>();
  for (const { event, region } of relayed) if (!event.applicationId && event.processInstanceId) regionOf.set(event.processInstanceId, region ?? null);
  const types = [...new Set(events.map((e) => e.type))];
  const rows = returnedRows<{ kind: 'case' | 'subscription'; key: string; id: string; code: string | null }>(await m.query(
    `SELECT 'case' AS kind, a.process_instance_id::text AS key, a.id::text AS id, a.applicant_code AS code
       FROM unnest($1::uuid[], $2::text[]) AS k(instance_id, region)
       JOIN application a ON a.process_instance_id = k.instance_id AND (k.region IS NULL OR a.region = k.region)
     UNION ALL
     SELECT 'subscription', t.type, s.id::text, NULL
       FROM webhook_subscription s CROSS JOIN LATERAL unnest(s.event_types) AS t(type)
      WHERE s.active AND t.type = ANY($3::text[])`,
    [[...regionOf.keys()], [...regionOf.values()], types],
  ));
  const cases = new Map<string, { id: string; applicantCode: string }>();
  const subscribers = new Map<string, string[]>();
  for (const row of rows) {
    if (row.kind === 'case') cases.set(row.key, { id: row.id, applicantCode: row.code ?? '' });
    else subscribers.set(row.key, [...(subscribers.get(row.key) ?? []), row.id]);
  }
  return events.map((event) => {
    const application = !event.applicationId && event.processInstanceId ? cases.get(event.processInstanceId) : undefined;
    return { ...(application && { application }), subscriptionIds: [...new Set(subscribers.get(event.type) ?? [])].sort() };
  });
}
