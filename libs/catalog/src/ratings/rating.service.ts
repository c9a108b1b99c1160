import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, DomainEventOutbox, hasRole, mayWorkOn, NotFoundError, type Actor, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { markCaseUncounted } from '../nest/uncounted-case';
import { ApplicationProgressService } from '../nest/application-progress.service';
import { ApplicationService } from '../nest/application.service';
import { CalendarService } from '../nest/calendar.service';
import { CatalogDomainError } from '../nest/catalog-domain.error';
import { followUpDue } from './follow-up-due';
import { ratingFollowUpDays } from './rating-follow-up-days';
import { isPoorRating } from './rating-levels';
import { ratings, type FollowUpRow, type FollowUpState, type RatingRow } from './rating.repository';
import { ratingsCsv } from './ratings-csv';

/** What an applicant gives: the case's level, optionally single items' levels, and a comment. */
export interface RatingInput {
  level: number;
  items?: Array<{ item: string; level: number }>;
  comment?: string;
}

/** 好差评: applicants rate decided cases; poor ratings open follow-ups for the owning departments. */
@Injectable()
export class RatingService {
  private readonly followUpDays = ratingFollowUpDays(process.env);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationService,
    private readonly progress: ApplicationProgressService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly events: DomainEventOutbox,
    private readonly calendars: CalendarService,
  ) {}

  /**
   * Records the one rating of a case. Refuses: an unknown case (404); an integrator rating a case it
   * did not submit (404, as if unknown); a case without an outcome yet (409 RATING_BEFORE_DECISION);
   * an item the case does not have or rated twice (400); a second rating (409 RATING_EXISTS).
   * ONE transaction: 1. the rating row (the unique case id makes a concurrent second rating lose);
   * 2. for a poor rating (1–2) a follow-up per owning department — every department of the case for a
   * poor case level, else the departments of the poorly rated items — due in the configured working days
   * (not counted, `dueProblem` saying why, when that reaches a year the calendar does not know: the case is
   * marked and the calendar PUT counts it);
   * 3. the `rating.received` event in the outbox.
   */
  async rate(applicationId: string, input: RatingInput, actor: Actor): Promise<{ rating: RatingRow; followUps: FollowUpRow[] }> {
    const application = await this.applications.find(applicationId);
    if (hasRole(actor, 'integrator') && !hasRole(actor, 'admin') && application.createdBy !== actor.name) throw new NotFoundError('application', applicationId);
    const progress = await this.progress.get(applicationId);
    if (!progress.outcome) {
      throw new CatalogDomainError('RATING_BEFORE_DECISION', `application ${applicationId} has no decision yet; it can be rated once it has an outcome`, { applicationId, state: progress.state });
    }
    const items = input.items ?? [];
    const known = new Map(progress.items.map((i) => [i.item, i.department]));
    for (const [index, rated] of items.entries()) {
      if (!known.has(rated.item)) throw new CatalogDomainError('VALIDATION_FAILED', `items[${index}].item: ${rated.item} is not an item of this case`, { field: `items[${index}].item`, item: rated.item });
      if (items.findIndex((x) => x.item === rated.item) !== index) throw new CatalogDomainError('VALIDATION_FAILED', `items[${index}].item: ${rated.item} is rated twice`, { field: `items[${index}].item`, item: rated.item });
    }
    const now = this.clock.now();
    const rating: RatingRow = { id: randomUUID(), applicationId, bundleCode: application.bundleCode, level: input.level, items, comment: input.comment ?? null, ratedBy: actor.name, createdAt: now };
    const departments = isPoorRating(input.level)
      ? [...new Set(progress.items.map((i) => i.department))]
      : [...new Set(items.filter((i) => isPoorRating(i.level)).map((i) => known.get(i.item)!))];
    const due = departments.length > 0 ? followUpDue(now, this.followUpDays, await this.calendars.calendarFor()) : undefined;
    await this.dataSource.transaction(async (m) => {
      if (!(await ratings.insert(m, rating))) throw new CatalogDomainError('RATING_EXISTS', `application ${applicationId} has already been rated`, { applicationId });
      for (const department of departments.sort()) {
        await ratings.insertFollowUp(m, { id: randomUUID(), ratingId: rating.id, applicationId, department, dueAt: due?.dueAt ?? null, dueProblem: due?.problem ?? null, createdAt: now });
      }
      // a due date in a year the calendar does not know is counted when the year is entered (the calendar PUT)
      if (due?.problem) await markCaseUncounted(m, applicationId, now, 'Rating follow-ups');
      await this.events.publish(m, {
        type: 'rating.received', occurredAt: now, applicationId, processInstanceId: application.processInstanceId,
        data: { level: input.level, poor: departments.length > 0, departments },
      });
    });
    return { rating, followUps: await ratings.followUpsOf(this.dataSource.manager, [rating.id]) };
  }

  /** The rating of a case (404 while it has none; for an integrator, of a case it submitted only). */
  async find(applicationId: string, actor: Actor): Promise<RatingRow> {
    const application = await this.applications.find(applicationId);
    if (hasRole(actor, 'integrator') && !hasRole(actor, 'admin') && application.createdBy !== actor.name) throw new NotFoundError('application', applicationId);
    const rating = await ratings.findByApplication(this.dataSource.manager, applicationId);
    if (!rating) throw new NotFoundError('rating of application', applicationId);
    return rating;
  }

  /** Follow-ups, a clerk's confined to the own department. */
  listFollowUps(filter: { department?: string; state?: FollowUpState }, actor: Actor): Promise<FollowUpRow[]> {
    const department = hasRole(actor, 'admin', 'supervisor') ? filter.department : (actor.department ?? '\u0000');
    return ratings.listFollowUps(this.dataSource.manager, { ...filter, department });
  }

  /**
   * 回访: the department has called the applicant back. Refuses a follow-up of another department
   * (404) and one not waiting for its call back (409 FOLLOW_UP_NOT_PENDING). ONE transaction: the
   * row locked, checked, moved to `rectification-pending` with the comment, who and when.
   */
  callBack(id: string, comment: string, actor: Actor): Promise<FollowUpRow> {
    return this.advance(id, 'callback-pending', actor, (m, now) => ratings.recordCallback(m, id, comment, actor.name, now));
  }

  /**
   * 整改: the department records its rectification and result after the call back. Refusals and
   * transaction as `callBack`, from `rectification-pending` to `closed`.
   */
  rectify(id: string, comment: string, result: string | undefined, actor: Actor): Promise<FollowUpRow> {
    return this.advance(id, 'rectification-pending', actor, (m, now) => ratings.recordRectification(m, id, comment, result ?? null, actor.name, now));
  }

  /** Ratings given in [from, to) with their follow-ups, as CSV for the national 好差评 system. */
  async exportCsv(from: Date, to: Date): Promise<string> {
    const rows = await ratings.between(this.dataSource.manager, from, to);
    return ratingsCsv(rows, rows.length ? await ratings.followUpsOf(this.dataSource.manager, rows.map((r) => r.id)) : []);
  }

  private async advance(id: string, from: FollowUpState, actor: Actor, write: (m: import('typeorm').EntityManager, now: Date) => Promise<void>): Promise<FollowUpRow> {
    await this.dataSource.transaction(async (m) => {
      const followUp = await ratings.findFollowUp(m, id, true);
      if (!followUp || !(mayWorkOn(actor, followUp.department) || hasRole(actor, 'admin'))) throw new NotFoundError('rating follow-up', id);
      if (followUp.state !== from) throw new CatalogDomainError('FOLLOW_UP_NOT_PENDING', `follow-up ${id} is ${followUp.state}, not ${from}`, { id, state: followUp.state });
      await write(m, this.clock.now());
    });
    return (await ratings.findFollowUp(this.dataSource.manager, id))!;
  }
}
