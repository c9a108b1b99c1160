import { ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { Recipient } from './notification-recipients';

/** One in-app notification; `readAt` null while unread. */
export interface Notification {
  id: string;
  eventId: string;
  type: string;
  recipient: Recipient;
  applicationId: string | null;
  title: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/** The columns a notification is read with (`notificationOf`). */
const COLUMNS = 'id, event_id, event_type, recipient_kind, recipient, application_id, title, data, created_at, read_at';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const notificationOf = (r: any): Notification => ({
  id: r.id, eventId: r.event_id, type: r.event_type, recipient: { kind: r.recipient_kind, id: r.recipient }, applicationId: r.application_id, title: r.title, data: r.data, createdAt: r.created_at, readAt: r.read_at,
});

/** `notification`: one row per event and recipient. */
export const notifications = {
  async insert(m: EntityManager, n: Omit<Notification, 'readAt'>): Promise<void> {
    await m.query(
      `INSERT INTO notification (region, id, event_id, event_type, recipient_kind, recipient, application_id, title, data, created_at) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id, recipient_kind, recipient) DO NOTHING`,
      [n.id, n.eventId, n.type, n.recipient.kind, n.recipient.id, n.applicationId, n.title, JSON.stringify(n.data), n.createdAt],
    );
  },

  /** The notifications of any of `recipients`, newest first. */
  async of(m: EntityManager, recipients: Recipient[], unreadOnly: boolean, limit: number): Promise<Notification[]> {
    if (recipients.length === 0) return [];
    const rows = await m.query(
      `SELECT ${COLUMNS} FROM notification WHERE (recipient_kind, recipient) IN (SELECT r.kind, r.id FROM unnest($1::text[], $2::text[]) AS r(kind, id))${unreadOnly ? ' AND read_at IS NULL' : ''}
       ORDER BY created_at DESC, id LIMIT $3`,
      [recipients.map((r) => r.kind), recipients.map((r) => r.id), limit],
    );
    return rows.map(notificationOf);
  },

  async find(m: EntityManager, id: string): Promise<Notification | undefined> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM notification WHERE id = $1`, [id]);
    return rows[0] ? notificationOf(rows[0]) : undefined;
  },

  async markRead(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE notification SET read_at = COALESCE(read_at, $2) WHERE id = $1`, [id, at]);
  },
};
