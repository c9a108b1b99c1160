import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, hasRole, NotFoundError, type Actor, type Clock, type DomainEvent } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { notificationsOf, type Recipient } from './notification-recipients';
import { notifications, type Notification } from './notification.repository';

/** In-app notifications for staff, department queues and applicants, made from domain events. */
@Injectable()
export class NotificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The notifications of one event, once per recipient (a repeated event adds none). */
  async fromEvent(m: EntityManager, event: DomainEvent): Promise<void> {
    for (const { recipient, title } of notificationsOf(event)) {
      await notifications.insert(m, {
        id: randomUUID(), eventId: event.id, type: event.type, recipient, applicationId: event.applicationId ?? null, title, data: event.data as Record<string, unknown>, createdAt: this.clock.now(),
      });
    }
  }

  /**
   * The caller's own: a member of staff's personal ones and, for a clerk, the department queue's;
   * an integrator key acting for applicants reads one applicant's (`applicantCode`).
   */
  list(actor: Actor, query: { unread?: boolean; applicantCode?: string }): Promise<Notification[]> {
    return notifications.of(this.dataSource.manager, this.recipientsOf(actor, query.applicantCode), query.unread ?? false, 200);
  }

  /** Marks one of the caller's notifications read; another's is 404. */
  async markRead(id: string, actor: Actor, applicantCode?: string): Promise<Notification> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await notifications.find(this.dataSource.manager, id) : undefined;
    const mine = this.recipientsOf(actor, applicantCode);
    if (!found || !mine.some((r) => r.kind === found.recipient.kind && r.id === found.recipient.id)) throw new NotFoundError('notification', id);
    await notifications.markRead(this.dataSource.manager, id, this.clock.now());
    return (await notifications.find(this.dataSource.manager, id))!;
  }

  private recipientsOf(actor: Actor, applicantCode: string | undefined): Recipient[] {
    if (hasRole(actor, 'integrator')) return applicantCode ? [{ kind: 'applicant', id: applicantCode }] : [];
    const own: Recipient[] = [{ kind: 'user', id: actor.name }];
    if (hasRole(actor, 'clerk') && actor.department) own.push({ kind: 'department', id: actor.department });
    return own;
  }
}
