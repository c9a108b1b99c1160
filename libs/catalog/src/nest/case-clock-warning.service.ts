import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, ScheduledMessages, type Clock, type ScheduledMessage } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceItem } from '../catalog/catalog.types';
import type { HolidayCalendar } from '../calendar/working-days';
import type { ClockPause, ItemLimit } from '../clocks/case-clock';
import { caseWarningPlan, type CaseWarningPlan, type ClockWarningTarget, type UncountedClock } from '../clocks/case-warnings';
import { applications, type ApplicationRow } from '../persistence/application.repository';
import { caseClockWarnings } from '../persistence/case-clock-warning.repository';
import { clockPauses } from '../persistence/clock-pause.repository';
import { CalendarService } from './calendar.service';
import { MaterialFollowUpService } from './material-follow-up.service';
import { ratings } from '../ratings/rating.repository';
import { uncounted, type UncountedRow } from '../persistence/uncounted.repository';
import { correctionDeadline } from '../correction/correction-deadline';
import { corrections } from '../persistence/correction.repository';
import { supervision } from '../persistence/supervision.repository';
import { countedDeadline } from '../calendar/counted-deadline';
import { correctionDeadlineMessage } from './correction-deadline.processor';
import { ratingFollowUpDays } from '../ratings/rating-follow-up-days';
import { warningThresholdsFromEnv } from './task-clock.service';

/** The queue the warnings of case and item clocks are delivered on (delayed until each transition). */
export const CASE_CLOCK_WARNING_TOPIC = 'catalog.case-clock-warning';

/** The job id of one generation of one case clock warning: re-adding it adds nothing. */
export function caseClockWarningJobId(warningId: string, generation: number): string {
  return `case-clock-warning-${warningId}-${generation}`;
}

/** How many cases with clocks left out are read at a time when a calendar year is entered. */
const UNCOUNTED_BATCH = 200;

/** What a case's clocks count: when it was accepted, its items' limits and when each item's work ended. */
export interface CaseClockSubject {
  id: string;
  createdAt: Date;
  itemDefinitions: ServiceItem[];
}

/**
 * Schedules the yellow/red/overdue transitions of a case's clock and of each of its items' clocks
 * as durable messages (`case_clock_warning` rows, one per clock and level), in the caller's
 * transaction: at acceptance, and again whenever a pause begins or ends (a paused clock's warnings
 * are held, a moved one gets a new generation).
 */
@Injectable()
export class CaseClockWarningService {
  /** The thresholds of task clocks: the case's clocks turn yellow by the same rule. */
  readonly thresholds = warningThresholdsFromEnv();
  /** The working days a rating follow-up is due in (counted here when its year is entered). */
  private readonly followUpDays = ratingFollowUpDays(process.env);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly scheduled: ScheduledMessages,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly followUps: MaterialFollowUpService,
  ) {}

  /**
   * The plan of a case's warnings now: a clock whose limit reaches a year the calendar does not know
   * yet is left out (`uncounted`) and the others are planned; the left-out ones are planned when the
   * year is entered (`retimeUncounted`).
   */
  plan(subject: CaseClockSubject, ended: Map<string, Date>, pauses: ClockPause[], calendar: HolidayCalendar, now: Date): CaseWarningPlan {
    const limits: ItemLimit[] = subject.itemDefinitions.map((d) => ({
      item: d.code, promisedDays: d.promisedDays, legalDays: d.legalDays, unit: d.dayUnit, ...(ended.has(d.code) ? { endedAt: ended.get(d.code)! } : {}),
    }));
    return caseWarningPlan(subject.createdAt, limits, pauses, now, calendar, this.thresholds);
  }

  /**
   * Schedules the warnings of a case just accepted; returns the clocks left out (the caller marks the
   * case uncounted when there are any, together with its other counts).
   */
  async schedule(manager: EntityManager, subject: CaseClockSubject, now: Date): Promise<UncountedClock[]> {
    const calendar = await this.calendars.calendarFor();
    const plan = this.plan(subject, new Map(), [], calendar, now);
    await this.apply(manager, subject.id, plan.targets, now);
    return plan.uncounted;
  }

  /**
   * Re-times the warnings not fired yet after a pause began or ended (a limit moved by a pause may
   * reach a year the calendar does not know, or come back from it): the case is marked uncounted
   * while a clock is left out or a deadline or due date of it is not counted, unmarked once all
   * are. Returns how many warnings it (re)timed. `read`: the case as the caller read it in this
   * transaction; `othersLeft`: how many of its rating follow-ups, correction requests and directives the caller could not count.
   */
  async retime(manager: EntityManager, applicationId: string, read?: ApplicationRow, othersLeft?: number): Promise<number> {
    const application = read ?? await applications.find(manager, applicationId);
    if (!application) return 0;
    const now = this.clock.now();
    const pauses = await clockPauses.ofApplication(manager, applicationId, application.region);
    const calendar = await this.calendars.calendarFor(application.region);
    const plan = this.plan(application, new Map(), pauses, calendar, now);
    const written = await this.apply(manager, applicationId, plan.targets, now);
    const uncounted = plan.uncounted.length > 0 || application.resolution.deferredMaterials.some((d) => d.deadline === null)
      // a marked case may have a rating follow-up, correction request or directive not counted: those are looked up only then
      || (!!application.uncountedSince && (othersLeft ?? await this.othersLeft(manager, applicationId, calendar)) > 0);
    if (uncounted !== !!application.uncountedSince) await applications.markUncounted(manager, applicationId, uncounted ? now : null);
    return written;
  }

  /**
   * Counts what was left uncounted (a limit reached a year the calendar did not know) once a calendar
   * year is entered: the cases marked uncounted — read on the partial index of the marked ones, not
   * every case — `batch` at a time, each in its own transaction with its row locked: the deadlines of
   * its deferred materials not counted (each counted one scheduled), of its open correction requests
   * (likewise), the due dates of its rating follow-ups and directives (督办) and the warnings of its
   * clocks left out; the mark stays while something still cannot be counted. Returns how many cases it
   * counted something of.
   */
  async retimeUncounted(batch = UNCOUNTED_BATCH): Promise<number> {
    let retimed = 0;
    let after: string | null = null;
    do {
      const ids: string[] = await applications.uncountedCases(this.dataSource.manager, after, batch);
      for (const id of ids) {
        // a case whose counts still cannot be made writes nothing: its counted warnings keep their times
        if (await this.dataSource.transaction(async (manager) => {
          const locked = await applications.find(manager, id, undefined, true);
          if (!locked) return 0;
          const { application, counted } = await this.followUps.countDeadlines(manager, locked);
          const others = await this.countOthers(manager, id, await this.calendars.calendarFor(locked.region));
          return counted + others.counted + await this.retime(manager, id, application, others.left);
        }) > 0) retimed++;
      }
      after = ids.length === batch ? ids[ids.length - 1] : null;
    } while (after);
    return retimed;
  }

  /** How many of a marked case's rating follow-ups, correction requests and directives are still not counted (each counted now that can be). */
  private async othersLeft(manager: EntityManager, applicationId: string, calendar: HolidayCalendar): Promise<number> {
    return (await this.countOthers(manager, applicationId, calendar)).left;
  }

  /**
   * Counts a case's rating follow-ups, open correction requests and unanswered directives (督办) not
   * counted, each from when it was opened: read in one statement; the due dates written (one statement
   * per table with any counted, one per correction request) and the correction deadlines' messages
   * scheduled together. Returns how many it counted and how many are left.
   */
  async countOthers(manager: EntityManager, applicationId: string, calendar: HolidayCalendar): Promise<{ counted: number; left: number }> {
    const rows = await uncounted.ofCase(manager, applicationId);
    if (rows.length === 0) return { counted: 0, left: 0 };
    const now = this.clock.now();
    const counted = rows.flatMap((row): Array<{ row: UncountedRow; dueAt: Date; date: string | null }> => {
      if (row.kind === 'correction') {
        const due = correctionDeadline(row.openedAt, row.days ?? 0, calendar);
        return due.deadlineAt ? [{ row, dueAt: due.deadlineAt, date: due.deadlineDate }] : [];
      }
      const due = countedDeadline(row.openedAt, row.kind === 'rating-follow-up' ? this.followUpDays : row.days ?? 0, calendar);
      return due.dueAt ? [{ row, dueAt: due.dueAt, date: null }] : [];
    });
    await ratings.setDue(manager, counted.filter((c) => c.row.kind === 'rating-follow-up').map((c) => ({ id: c.row.id, dueAt: c.dueAt })));
    await supervision.setDirectiveDue(manager, counted.filter((c) => c.row.kind === 'directive').map((c) => ({ id: c.row.id, dueAt: c.dueAt })));
    const messages: ScheduledMessage[] = [];
    for (const c of counted.filter((x) => x.row.kind === 'correction')) {
      if (await corrections.setDeadline(manager, c.row.id, c.date!, c.dueAt)) messages.push(correctionDeadlineMessage(c.row.id, c.dueAt, now));
    }
    await this.scheduled.scheduleMany(manager, messages);
    return { counted: counted.length, left: rows.length - counted.length };
  }

  /**
   * Writes each target: a row per clock and level, and a delayed message when it is (re)timed — the
   * rows in one statement, the messages in another with one notification, whatever the number of items.
   */
  async apply(manager: EntityManager, applicationId: string, targets: ClockWarningTarget[], now: Date): Promise<number> {
    // one entry per clock and level (the last planned wins): one statement cannot write a row twice
    const live = new Map<string, ClockWarningTarget>();
    for (const target of targets) if (target.state !== 'ended') live.set(`${target.item}\n${target.level}`, target);
    const written = await caseClockWarnings.scheduleAll(manager, applicationId, [...live.values()].map((t) => ({ id: randomUUID(), item: t.item, level: t.level, dueAt: t.at })));
    await this.scheduled.scheduleMany(manager, written.flatMap((scheduled) => {
      const at = live.get(`${scheduled.item}\n${scheduled.level}`)?.at;
      return at ? [{
        topic: CASE_CLOCK_WARNING_TOPIC, type: 'case-clock.warning', at: at > now ? at : now, now,
        payload: { warningId: scheduled.id, generation: scheduled.generation, queueJobId: caseClockWarningJobId(scheduled.id, scheduled.generation) },
      }] : [];
    }));
    return written.length;
  }
}
