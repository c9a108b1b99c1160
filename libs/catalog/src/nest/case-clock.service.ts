import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, history, NotFoundError, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { CatalogError } from '../catalog.errors';
import { localDate, type HolidayCalendar } from '../calendar/working-days';
import { itemClock, type ClockPause, type ClockStatus, type ItemClock, type ItemLimit, type WarningThresholds } from '../clocks/case-clock';
import { clockPauses } from '../persistence/clock-pause.repository';
import { taskClocks as taskClockRows } from '../persistence/task-clock.repository';
import { ApplicationProgressService } from './application-progress.service';
import { ApplicationService } from './application.service';
import { CalendarService } from './calendar.service';
import { CatalogDomainError, translateCatalogError } from './catalog-domain.error';
import { TaskClockService } from './task-clock.service';
import { CaseClockWarningService } from './case-clock-warning.service';

/** The clock of a case: its items' clocks, the case's own (the end of its critical path: its latest item or step), and its pauses. */
export interface CaseClock {
  applicationId: string;
  acceptedAt: Date;
  at: Date;
  /**
   * The case's own clock. A limit that reaches a year the calendar does not know yet is not counted:
   * its due date and instant (and, for the promised one, the days left) are null and `clockProblem` names the year.
   */
  case: {
    dueDate: string | null; legalDueDate: string | null; dueAt: Date | null; legalDueAt: Date | null; criticalItem: string | null; remainingDays: number | null; remainingHours?: number;
    pausedDays: number; status: ClockStatus; paused: boolean; clockProblem: string | null;
  };
  items: ItemClockView[];
  pauses: ClockPause[];
}

/**
 * An item's clock as the case's clock shows it: an hour limit (秒办/即办) with its hours beside its days.
 * A legal limit that reaches a year the calendar does not know yet leaves the promised one standing
 * (the legal due date, instant and days left null); a promised one that does leaves the clock uncounted
 * (every count null, its status `normal`); `clockProblem` names the year.
 */
export type ItemClockView = Omit<ItemClock, 'hours' | 'elapsedDays' | 'remainingDays' | 'legalRemainingDays' | 'dueDate' | 'legalDueDate' | 'dueAt' | 'legalDueAt'> & {
  elapsedDays: number | null;
  remainingDays: number | null;
  legalRemainingDays: number | null;
  dueDate: string | null;
  legalDueDate: string | null;
  dueAt: Date | null;
  legalDueAt: Date | null;
  clockProblem: string | null;
  department: string;
  name: string;
  promisedHours?: number;
  legalHours?: number;
  elapsedHours?: number;
  pausedHours?: number;
  remainingHours?: number;
  legalRemainingHours?: number;
};

/** The view of an item's clock: its hours flattened, its warning instants left out. */
function itemView(clock: ItemClock, definition: { department: string; name: string }, clockProblem: string | null = null): ItemClockView {
  const { hours, ...days } = clock;
  return {
    ...days, clockProblem, department: definition.department, name: definition.name,
    ...(hours ? { promisedHours: hours.promised, legalHours: hours.legal, elapsedHours: hours.elapsed, pausedHours: hours.paused, remainingHours: hours.remaining, legalRemainingHours: hours.legalRemaining } : {}),
  };
}

function unknownYear(error: unknown): error is CatalogError {
  return error instanceof CatalogError && error.code === 'CALENDAR_YEAR_UNKNOWN';
}

/**
 * An item's clock counted as far as the calendar knows (the task clocks' rule): a legal limit into
 * a year it does not know leaves the promised one standing, a promised one into it leaves the clock
 * uncounted, the problem named either way.
 */
function countedItemView(acceptedAt: Date, limit: ItemLimit, pauses: ClockPause[], now: Date, calendar: HolidayCalendar, thresholds: WarningThresholds, definition: { department: string; name: string }): ItemClockView {
  try {
    return itemView(itemClock(acceptedAt, limit, pauses, now, calendar, thresholds), definition);
  } catch (legal) {
    if (!unknownYear(legal)) throw legal;
    try {
      const promised = itemClock(acceptedAt, { ...limit, legalDays: limit.promisedDays }, pauses, now, calendar, thresholds);
      const { legalRemainingHours: _uncounted, ...view } = itemView(promised, definition, legal.message);
      return { ...view, legalDueDate: null, legalDueAt: null, legalRemainingDays: null };
    } catch (promised) {
      if (!unknownYear(promised)) throw promised;
      const stop = limit.endedAt && limit.endedAt < now ? limit.endedAt : now;
      return {
        item: limit.item, unit: limit.unit, promisedDays: limit.promisedDays, legalDays: limit.legalDays, elapsedDays: null, pausedDays: 0, remainingDays: null, legalRemainingDays: null,
        dueDate: null, legalDueDate: null, dueAt: null, legalDueAt: null, paused: pauses.some((p) => p.resumedAt === null && (p.item === null || p.item === limit.item)),
        running: stop === now, status: 'normal', clockProblem: promised.message, department: definition.department, name: definition.name,
      };
    }
  }
}

/** Who acts on a clock: a clerk only on their department's items. */
export interface ClockActor {
  name: string;
  roles: string[];
  department: string | null;
}

const SEVERITY: ClockStatus[] = ['normal', 'yellow', 'red', 'overdue'];
const STOPPED = ['approved', 'rejected', 'completed', 'certificate-issued', 'cancelled', 'skipped'];

/** Pauses and resumes a case's clocks (特别程序) and reads them against the stored calendar. */
@Injectable()
export class CaseClockService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly applications: ApplicationService,
    private readonly progress: ApplicationProgressService,
    private readonly calendars: CalendarService,
    private readonly taskClocks: TaskClockService,
    private readonly caseWarnings: CaseClockWarningService,
  ) {}

  async read(applicationId: string, actor: ClockActor): Promise<CaseClock> {
    const row = await this.applications.find(applicationId);
    if (isClerkOutside(actor, row.itemDefinitions)) throw new NotFoundError('Application', applicationId);
    const [progress, pauses, calendar] = await Promise.all([
      this.progress.get(applicationId), clockPauses.ofApplication(this.dataSource.manager, applicationId, row.region), this.calendars.calendarFor(row.region),
    ]);
    const now = this.clock.now();
    const items = translateCatalogError(() => row.itemDefinitions.map((definition) => {
      const state = progress.items.find((i) => i.item === definition.code);
      const endedAt = state && STOPPED.includes(state.state) ? state.endedAt ?? progress.endedAt ?? undefined : progress.endedAt ?? undefined;
      const limit: ItemLimit = { item: definition.code, promisedDays: definition.promisedDays, legalDays: definition.legalDays, unit: definition.dayUnit, ...(endedAt ? { endedAt } : {}) };
      return countedItemView(row.createdAt, limit, pauses, now, calendar, this.caseWarnings.thresholds, definition);
    }));
    // the case's promised (legal) time ends with its latest item's: unknown while an item's is
    const promisedProblem = items.find((i) => i.dueAt === null)?.clockProblem ?? null;
    const legalProblem = items.find((i) => i.legalDueAt === null)?.clockProblem ?? null;
    const counted = items.filter((i): i is ItemClockView & { dueAt: Date; dueDate: string } => i.dueAt !== null);
    const critical = promisedProblem || counted.length === 0 ? undefined : counted.reduce((a, b) => (b.dueAt > a.dueAt ? b : a));
    // a step that starts later (a sequence) may end the case's critical path after every item's own clock
    const latestStep = critical ? await taskClockRows.latestOfApplication(this.dataSource.manager, applicationId) : undefined;
    const path = !critical ? { dueAt: null, dueDate: null, criticalItem: null }
      : latestStep && latestStep.due_at > critical.dueAt
        ? { dueAt: latestStep.due_at, dueDate: localDate(latestStep.due_at, calendar), criticalItem: latestStep.item ?? critical.item }
        : { dueAt: critical.dueAt, dueDate: critical.dueDate, criticalItem: critical.item };
    const running = items.filter((i) => i.running);
    const status = (running.length ? running : critical ? [critical] : items).map((i) => i.status).reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a));
    const legal = legalProblem ? undefined : items.reduce((a, b) => (b.legalDueAt! > a.legalDueAt! ? b : a));
    return {
      applicationId, acceptedAt: row.createdAt, at: now, items, pauses,
      case: {
        dueDate: path.dueDate, dueAt: path.dueAt, legalDueDate: legal?.legalDueDate ?? null, legalDueAt: legal?.legalDueAt ?? null, criticalItem: path.criticalItem,
        remainingDays: critical?.remainingDays ?? null, ...(critical?.remainingHours !== undefined ? { remainingHours: critical.remainingHours } : {}),
        pausedDays: critical?.pausedDays ?? Math.max(0, ...counted.map((i) => i.pausedDays)), status, paused: pauses.some((p) => p.resumedAt === null && p.item === null),
        clockProblem: promisedProblem ?? legalProblem,
      },
    };
  }

  /**
   * Stops the clock of one item, or of the whole case, for a special procedure.
   * ONE transaction: 1. lock the case; 2. refuse an ended case, an unknown item, a clerk's pause of
   * another department's item or of the whole case, and a second open pause of the same clock;
   * 3. insert the pause with the clock's time; 4. record `clock.paused` in the case's history;
   * 5. hold the warnings of the paused task clocks.
   */
  async pause(applicationId: string, input: { kind: string; item?: string; reason: string }, actor: ClockActor): Promise<ClockPause> {
    const row = await this.applications.find(applicationId);
    const definition = input.item === undefined ? undefined : row.itemDefinitions.find((d) => d.code === input.item);
    if (input.item !== undefined && !definition) {
      throw new CatalogDomainError('VALIDATION_FAILED', `The case has no item ${input.item}`, { errors: [{ field: 'item', reason: 'unknown', message: `items: ${row.itemDefinitions.map((d) => d.code).join(', ')}` }] });
    }
    if (actor.roles.includes('clerk') && !actor.roles.some((r) => r === 'admin' || r === 'supervisor') && definition?.department !== actor.department) {
      throw new CatalogDomainError('FORBIDDEN', input.item ? `Item ${input.item} belongs to ${definition?.department}, not to ${actor.department}` : 'A clerk pauses the clock of an item of their department, not the whole case');
    }
    const progress = await this.progress.get(applicationId);
    if (progress.endedAt) throw new CatalogDomainError('CONFLICT', `The case ended at ${progress.endedAt.toISOString()}: its clock no longer runs`, { applicationId });
    return this.dataSource.transaction(async (manager) => {
      await clockPauses.lockCase(manager, applicationId);
      const open = (await clockPauses.ofApplication(manager, applicationId)).find((p) => p.resumedAt === null && (p.item ?? null) === (input.item ?? null));
      if (open) throw new CatalogDomainError('CONFLICT', `The clock of ${input.item ?? 'the case'} is already paused (${open.kind}, pause ${open.id})`, { pauseId: open.id });
      const pause: ClockPause = { id: randomUUID(), item: input.item ?? null, kind: input.kind, reason: input.reason, pausedAt: this.clock.now(), resumedAt: null };
      await clockPauses.insert(manager, applicationId, pause);
      await history.append(manager, row.processInstanceId, actor.name, pause.pausedAt, { type: 'clock.paused', data: { pauseId: pause.id, item: pause.item, kind: pause.kind, reason: pause.reason } });
      await this.taskClocks.retimeCase(manager, applicationId);
      await this.caseWarnings.retime(manager, applicationId);
      return pause;
    });
  }

  /**
   * Restarts a paused clock.
   * ONE transaction: 1. resume the pause if it is still open (a second resume is refused with 409);
   * 2. record `clock.resumed` in the case's history; 3. re-time the case's task clocks and their warnings.
   */
  async resume(applicationId: string, pauseId: string, actor: ClockActor): Promise<ClockPause> {
    const row = await this.applications.find(applicationId);
    const existing = isUuidText(pauseId) ? await clockPauses.find(this.dataSource.manager, applicationId, pauseId) : undefined;
    if (!existing) throw new NotFoundError('ClockPause', pauseId);
    const department = row.itemDefinitions.find((d) => d.code === existing.item)?.department;
    if (actor.roles.includes('clerk') && !actor.roles.some((r) => r === 'admin' || r === 'supervisor') && department !== actor.department) {
      throw new CatalogDomainError('FORBIDDEN', `Pause ${pauseId} is not of an item of ${actor.department}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const resumed = await clockPauses.resume(manager, applicationId, pauseId, this.clock.now());
      if (!resumed) throw new CatalogDomainError('CONFLICT', `Pause ${pauseId} was resumed already`, { pauseId });
      await history.append(manager, row.processInstanceId, actor.name, resumed.resumedAt!, { type: 'clock.resumed', data: { pauseId, item: resumed.item, kind: resumed.kind } });
      await this.taskClocks.retimeCase(manager, applicationId);
      await this.caseWarnings.retime(manager, applicationId);
      return resumed;
    });
  }
}

function isClerkOutside(actor: ClockActor, items: { department: string }[]): boolean {
  return actor.roles.length === 1 && actor.roles[0] === 'clerk' && !items.some((i) => i.department === actor.department);
}

function isUuidText(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

