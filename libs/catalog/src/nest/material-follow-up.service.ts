import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProcessModel } from '@tongban/bpmn';
import { caseReads, CLOCK, DefinitionService, hasRole, history, mayWorkOn, NotFoundError, ScheduledMessages, TerminateItemCommand, type Actor, type Clock, type ItemElements } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { isApprovalOf, isIssueOf } from '../compose/bundle-process.graph';
import { countDeferredDeadlines, type MaterialResolution } from '../materials/resolve-materials';
import { notifications } from '../notifications/notification.repository';
import { applications, type ApplicationRow } from '../persistence/application.repository';
import { corrections } from '../persistence/correction.repository';
import { materialFollowUps, type MaterialFollowUpRow } from '../persistence/material-follow-up.repository';
import { CalendarService } from './calendar.service';
import { CatalogDomainError } from './catalog-domain.error';

/** The queue the deadlines of deferred materials are delivered on (delayed until each deadline). */
export const DEFERRED_DEADLINE_TOPIC = 'catalog.deferred-material-deadline';

/** The actor recorded when a missed deadline opens a follow-up. */
export const DEFERRED_DEADLINE_ACTOR = 'system:deferred-deadline';

/** What a missed deadline means for the applicant: the item's certificate is held, or was issued conditional. */
export function missedDeadlineConsequence(conditionalCertificate: boolean): string {
  return conditionalCertificate
    ? '容缺材料逾期未补交：已出具的证照为附条件证照，承办部门将与您联系跟进；请尽快补交。'
    : '容缺材料逾期未补交：本事项证照暂缓出具，承办部门将与您联系跟进；补交后继续办理。';
}

/** What a missed deadline came to once the department terminated the item. */
export const TERMINATED_CONSEQUENCE = '容缺材料逾期未补交：承办部门已终止办理本事项，详见办理意见。';

/** What a deadline's delivery did. */
export type DeadlineOutcome = 'opened' | 'handed-in' | 'opened-already' | 'case-ended' | 'early' | 'uncounted';

/** Thrown when a deadline arrives before its time by the clock: the queue retries it. */
export class DeferredDeadlineNotYetDue extends Error {}

/**
 * 容缺 deadlines to the end: each deferred material's deadline is a durable message scheduled with the
 * case; passed without the material, it opens a follow-up for the item's department (exactly once:
 * one row per case, item and material), shown in the applicant's view with its consequence; the
 * material handed in late, or the department's record of its follow-up, closes it.
 */
@Injectable()
export class MaterialFollowUpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduled: ScheduledMessages,
    private readonly definitions: DefinitionService,
    private readonly terminateItem: TerminateItemCommand,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** Schedules the deadline of each deferred material counted (one not counted is scheduled when its year is entered), in the caller's transaction (one statement for all). */
  async scheduleDeadlines(manager: EntityManager, applicationId: string, deferred: MaterialResolution['deferredMaterials'], now: Date): Promise<void> {
    await this.scheduled.scheduleMany(manager, deferred.flatMap((d) => d.deadline === null ? [] : [{
      topic: DEFERRED_DEADLINE_TOPIC, type: 'material.deadline', at: new Date(d.deadline), now,
      payload: { applicationId, item: d.item, material: d.name },
    }]));
  }

  /**
   * Counts the deadlines of a case's deferred materials that were not counted (their year's calendar
   * was missing), from its acceptance on its region's calendar, in the caller's transaction (the case's
   * row read locked): the case's materials rewritten and each deadline counted scheduled. Returns the
   * case as it is now and how many it counted.
   */
  async countDeadlines(manager: EntityManager, application: ApplicationRow): Promise<{ application: ApplicationRow; counted: number }> {
    if (!application.resolution.deferredMaterials.some((d) => d.deadline === null)) return { application, counted: 0 };
    const calendar = await this.calendars.calendarFor(application.region);
    const { deferred, counted } = countDeferredDeadlines(application.resolution.deferredMaterials, application.itemDefinitions, application.createdAt, calendar);
    if (counted.length === 0) return { application, counted: 0 };
    const resolution = { ...application.resolution, deferredMaterials: deferred };
    await applications.updateResolution(manager, application.id, resolution);
    await this.scheduleDeadlines(manager, application.id, counted, this.clock.now());
    await history.append(manager, application.processInstanceId, DEFERRED_DEADLINE_ACTOR, this.clock.now(), {
      type: 'material.deadline-counted', elementId: null, data: { materials: counted.map((d) => ({ item: d.item, material: d.name, deadline: d.deadline })) },
    });
    return { application: { ...application, resolution }, counted: counted.length };
  }

  /**
   * A deferred material's deadline arrived. ONE transaction: 1. the case locked; 2. nothing when the
   * material was handed in, the case ended, or the follow-up exists (a redelivery); before the deadline
   * by the clock, the queue retries; 3. the follow-up row for the item's department, a notification
   * of its queue and of the applicant, and `material.deadline-missed` in the case's history.
   */
  async deadlineReached(payload: { applicationId: string; item: string; material: string }): Promise<DeadlineOutcome> {
    const outcome = await this.dataSource.transaction(async (m): Promise<DeadlineOutcome> => {
      if (!isUuid(payload.applicationId)) return 'handed-in';
      await m.query(`SELECT id FROM application WHERE id = $1 FOR UPDATE`, [payload.applicationId]);
      const application = await applications.find(m, payload.applicationId);
      const deferred = application?.resolution.deferredMaterials.find((d) => d.item === payload.item && d.name === payload.material);
      if (!application || !deferred) return 'handed-in';
      // a deadline not counted has no message: one is scheduled when its year's calendar is entered
      if (deferred.deadline === null) return 'uncounted';
      const now = this.clock.now();
      if (now.getTime() <= Date.parse(deferred.deadline)) return 'early';
      const [instance] = await caseReads.instances(m, [application.processInstanceId]);
      if (instance && instance.state !== 'active') return 'case-ended';
      const item = application.itemDefinitions.find((d) => d.code === payload.item);
      const department = item?.department ?? '';
      const row = await materialFollowUps.open(m, {
        id: randomUUID(), applicationId: application.id, item: payload.item, material: payload.material, department, deadlineAt: new Date(deferred.deadline), openedAt: now,
      });
      if (!row) return 'opened-already';
      const consequence = missedDeadlineConsequence(!!item?.conditionalCertificate);
      const data = { followUpId: row.id, item: row.item, material: row.material, deadline: deferred.deadline };
      await notifications.insert(m, {
        id: randomUUID(), eventId: row.id, type: 'material.deadline-missed', recipient: { kind: 'department', id: department }, applicationId: application.id,
        title: `容缺材料「${row.material}」逾期未补交，请跟进`, data, createdAt: now,
      });
      await notifications.insert(m, {
        id: randomUUID(), eventId: row.id, type: 'material.deadline-missed', recipient: { kind: 'applicant', id: application.applicant.code }, applicationId: application.id,
        title: consequence, data, createdAt: now,
      });
      await history.append(m, application.processInstanceId, DEFERRED_DEADLINE_ACTOR, now, { type: 'material.deadline-missed', elementId: null, data: { ...data, department } });
      return 'opened';
    });
    if (outcome === 'early') throw new DeferredDeadlineNotYetDue(`The deadline of ${payload.item}/${payload.material} of application ${payload.applicationId} has not passed yet`);
    return outcome;
  }

  /** Closes the open follow-ups of materials handed in late, in the hand-in's transaction, recorded in the case's history. */
  async closeHandedIn(manager: EntityManager, application: { id: string; processInstanceId: string }, materials: Array<{ item: string; name: string }>, actor: string, now: Date): Promise<void> {
    const closed = await materialFollowUps.closeHandedIn(manager, application.id, materials, actor, now);
    for (const row of closed) {
      await history.append(manager, application.processInstanceId, actor, now, { type: 'material.follow-up-closed', elementId: null, data: { followUpId: row.id, item: row.item, material: row.material, reason: 'handed-in' } });
    }
  }

  /** Follow-ups, newest first; a clerk's are the own department's. */
  list(filter: { department?: string; state?: 'open' | 'closed'; applicationId?: string; offset: number; limit: number }, actor: Actor): Promise<{ items: MaterialFollowUpRow[]; total: number }> {
    const department = hasRole(actor, 'admin', 'supervisor') ? filter.department : (actor.department ?? '\u0000');
    return materialFollowUps.list(this.dataSource.manager, { ...filter, department });
  }

  /**
   * The department records how it followed a missed material up (called the applicant, agreed a date).
   * 404 for another department's follow-up; 409 when it is closed already. ONE transaction: the row
   * closed `followed-up` with the comment, who and when; `material.follow-up-closed` in the history.
   */
  async close(id: string, comment: string, actor: Actor): Promise<MaterialFollowUpRow> {
    const existing = isUuid(id) ? await materialFollowUps.find(this.dataSource.manager, id) : undefined;
    if (!existing || !(mayWorkOn(actor, existing.department) || hasRole(actor, 'admin'))) throw new NotFoundError('material follow-up', id);
    const application = await applications.find(this.dataSource.manager, existing.applicationId);
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const row = await materialFollowUps.closeFollowedUp(m, id, comment, actor.name, now);
      if (!row) throw new CatalogDomainError('CONFLICT', `follow-up ${id} is closed already`, { id });
      if (application) await history.append(m, application.processInstanceId, actor.name, now, { type: 'material.follow-up-closed', elementId: null, data: { followUpId: id, item: row.item, material: row.material, reason: 'followed-up' } });
      return row;
    });
  }

  /**
   * The department's other choice: it terminates the item (终止办理), its opinion the public notice.
   * 404 for another department's follow-up; 409 when it is closed already, when the case has ended,
   * or when the item has nothing open (not started, finished, its certificate issued). ONE
   * transaction (the runtime's terminate-item command): the item's open approval step ends
   * `terminated` (one returned for 补正 too: its correction request expires and the clock resumes), or its certificate step held for the material is cancelled and
   * the item takes its refused path; the follow-up closed `terminated` with the comment, who and
   * when; `item.terminated` in the history and the outbox (the applicant's notification).
   */
  async terminate(id: string, comment: string, actor: Actor): Promise<MaterialFollowUpRow> {
    const m = this.dataSource.manager;
    const existing = isUuid(id) ? await materialFollowUps.find(m, id) : undefined;
    if (!existing || !(mayWorkOn(actor, existing.department) || hasRole(actor, 'admin'))) throw new NotFoundError('material follow-up', id);
    if (existing.state !== 'open') throw new CatalogDomainError('CONFLICT', `follow-up ${id} is closed already`, { id });
    const application = await applications.find(m, existing.applicationId);
    if (!application) throw new NotFoundError('application', existing.applicationId);
    const [instance] = await caseReads.instances(m, [application.processInstanceId]);
    if (!instance || instance.state !== 'active') throw new CatalogDomainError('CONFLICT', `the case of follow-up ${id} has ended (${instance?.state ?? 'unknown'})`, { id });
    const elements = itemElements(await this.definitions.model(instance.definition_id), existing.item);
    const { tasks, jobs } = await caseReads.steps(m, [instance.id]);
    const open = tasks.some((t) => elements.steps.includes(t.element_id) && ['open', 'claimed', 'correction'].includes(t.state))
      || jobs.some((j) => elements.holds.some((h) => h.elementId === j.element_id) && (j.state === 'activatable' || j.state === 'activated'));
    if (!open) throw new CatalogDomainError('CONFLICT', `item ${existing.item} cannot be terminated: ${whyNotTerminable(tasks, elements)}`, { id, item: existing.item });
    let closed: MaterialFollowUpRow | undefined;
    await this.terminateItem.run(instance.id, elements, {
      item: existing.item, department: existing.department, actor: actor.name, comment,
      data: { followUpId: id, material: existing.material },
      claim: async (manager, now) => {
        await manager.query(`SELECT id FROM application WHERE id = $1 FOR UPDATE`, [application.id]); // a hand-in of the same case waits, then sees the item terminated
        closed = await materialFollowUps.closeTerminated(manager, id, comment, actor.name, now);
        if (!closed) throw new CatalogDomainError('CONFLICT', `follow-up ${id} is closed already`, { id });
        const correction = await corrections.openOf(manager, application.id, true);
        if (correction?.item === existing.item && await corrections.expire(manager, correction.id)) {
          await corrections.resumeClock(manager, { applicationId: application.id, item: existing.item, kind: 'correction', at: now });
        }
      },
    });
    return closed!;
  }
}

/** The item's approval steps and its certificate steps, each with the item's refused path (its decision's default flow). */
function itemElements(model: ProcessModel, item: string): ItemElements {
  const elements = Object.values(model.elements);
  const holds = elements.filter((e) => isIssueOf(e, item)).flatMap((e) => {
    const decision = e.incoming.map((f) => model.elements[model.flows[f]?.source]).find((g) => g?.type === 'exclusiveGateway' && g.defaultFlow);
    const continueAt = decision?.defaultFlow ? model.flows[decision.defaultFlow]?.target : undefined;
    return continueAt ? [{ elementId: e.id, continueAt }] : [];
  });
  return { steps: elements.filter((e) => isApprovalOf(e, item)).map((e) => e.id), holds };
}

/** Why an item of a case has nothing left to terminate, from its steps. */
function whyNotTerminable(steps: Array<{ element_id: string; state: string; decision?: string | null }>, item: ItemElements): string {
  const task = steps.filter((t) => item.steps.includes(t.element_id)).at(-1);
  if (!task) return "the item's step has not started yet";
  return `the item is finished already${task.decision ? ` (decision ${task.decision})` : ''}`;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
