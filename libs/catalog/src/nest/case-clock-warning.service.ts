import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, ScheduledMessages, type Clock } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceItem } from '../catalog/catalog.types';
import type { HolidayCalendar } from '../calendar/working-days';
import type { ClockPause, ItemLimit } from '../clocks/case-clock';
import { caseWarningPlan, type CaseWarningPlan, type ClockWarningTarget } from '../clocks/case-warnings';
import { applications } from '../persistence/application.repository';
import { caseClockWarnings } from '../persistence/case-clock-warning.repository';
import { clockPauses } from '../persistence/clock-pause.repository';
import { CalendarService } from './calendar.service';
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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly scheduled: ScheduledMessages,
    @Inject(CLOCK) private readonly clock: Clock,
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

  /** Schedules the warnings of a case just accepted. */
  async schedule(manager: EntityManager, subject: CaseClockSubject, now: Date): Promise<void> {
    const calendar = await this.calendars.calendarFor();
    await this.apply(manager, subject.id, this.plan(subject, new Map(), [], calendar, now).targets, now);
  }

  /** Re-times the warnings not fired yet after a pause began or ended; returns how many warnings it (re)timed. */
  async retime(manager: EntityManager, applicationId: string): Promise<number> {
    const application = await applications.find(manager, applicationId);
    if (!application) return 0;
    const now = this.clock.now();
    const pauses = await clockPauses.ofApplication(manager, applicationId, application.region);
    const calendar = await this.calendars.calendarFor(application.region);
    return this.apply(manager, applicationId, this.plan(application, new Map(), pauses, calendar, now).targets, now);
  }

  /**
   * Plans the warnings of the clocks that were left out (a limit reached a year the calendar did not
   * know) once a calendar year is entered: the cases whose warning rows miss a clock and level (every
   * clock of a case gets its rows when it is planned, so a case that misses some had clocks left out),
   * `batch` at a time, each case in its own transaction. Returns how many cases it (re)timed warnings of.
   */
  async retimeUncounted(batch = UNCOUNTED_BATCH): Promise<number> {
    let retimed = 0;
    let after: string | null = null;
    do {
      const ids: string[] = await caseClockWarnings.casesMissingClocks(this.dataSource.manager, after, batch);
      for (const id of ids) {
        // a case whose missing clocks still cannot be counted writes nothing: its counted warnings keep their times
        if (await this.dataSource.transaction((manager) => this.retime(manager, id)) > 0) retimed++;
      }
      after = ids.length === batch ? ids[ids.length - 1] : null;
    } while (after);
    return retimed;
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
