import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CLOCK, caseReads, DefinitionService, DomainEventOutbox, history, ReadReplica, ScheduledMessages, TaskCreationListeners, TaskLifecycle,
  type Clock, type ScheduledMessage, type CreatedTask, type EndedTask, type MovedTask, type TaskCreationListener, type TaskLifecycleListener,
} from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { CatalogError } from '../catalog.errors';
import type { ServiceItem } from '../catalog/catalog.types';
import type { HolidayCalendar } from '../calendar/working-days';
import { dayUnitOf, DEFAULT_THRESHOLDS, type ClockPause, type ClockStatus, type LimitUnit, type WarningThresholds } from '../clocks/case-clock';
import { taskClock, WARNING_LEVELS, type TaskClockValue, type WarningLevel } from '../clocks/task-clock';
import { applications, type ApplicationRow, type ClockCase } from '../persistence/application.repository';
import { clockPauses } from '../persistence/clock-pause.repository';
import { taskClocks, type ClockWarningToSchedule, type RunningClockPosition, type TaskClockRow } from '../persistence/task-clock.repository';
import { CalendarService } from './calendar.service';

/** The queue the warnings of task clocks are delivered on (delayed until each transition). */
export const CLOCK_WARNING_TOPIC = 'catalog.clock-warning';

/** The actor recorded on a warning in the case's history. */
export const CLOCK_WARNING_ACTOR = 'system:clock';

/** The job id of one generation of one warning: re-adding it adds nothing. */
export function clockWarningJobId(warningId: string, generation: number): string {
  return `clock-warning-${warningId}-${generation}`;
}

/** A task's clock as the task view shows it. */
export interface TaskClockView {
  dueAt: Date | null;
  legalDueAt: Date | null;
  followUpAt: Date | null;
  /** Working (or, for a natural-day limit, natural) days left to the promised due date; negative when overdue. */
  remainingDays: number | null;
  /** Working (or wall-clock) hours left of an hour limit (秒办/即办); null for a day limit. */
  remainingHours: number | null;
  limitUnit: 'working-days' | 'natural-days' | 'working-hours' | 'hours' | null;
  clockStatus: ClockStatus;
  clockPaused: boolean;
  /** Why the clock cannot be counted (a year the calendar does not know yet). */
  clockProblem: string | null;
}

const ENDED_TASK_STATES = ['completed', 'cancelled'];

/** The process key of every bundle (`bundle-<code>`): the only processes whose instances are cases with items' limits. */
const BUNDLE_PROCESS_PREFIX = 'bundle-';

/** How many running clocks the clock sweep brings up to date with their tasks at once. */
const RECONCILE_BATCH = 1_000;
/** Batches of running clocks one round of the clock sweep looks at: a round's cost does not grow with the running clocks. */
const RECONCILE_BATCHES_PER_ROUND = 5;

/** How a task view names a clock's unit. */
const LIMIT_UNIT_NAMES = { working: 'working-days', calendar: 'natural-days', 'working-hours': 'working-hours', hours: 'hours' } as const;

/**
 * The clocks of user tasks: started in the transaction that creates the task (promised and legal
 * due instants from the item's limits, the step's `tongban:timeLimitDays` or its
 * `zeebe:taskSchedule`, the calendar and the case's pauses), their yellow/red/overdue transitions
 * scheduled as durable messages, moved when a pause ends, fired once each; ended (their warnings
 * cancelled) in the transaction that ends the task, moved with a transfer in the one that moves it.
 */
@Injectable()
export class TaskClockService implements TaskCreationListener, TaskLifecycleListener, OnModuleInit {
  private readonly logger = new Logger(TaskClockService.name);
  /** The unknown years already logged: one line per year and process, not one per task. */
  private readonly yearsWarned = new Set<number>();
  /** Where the clock sweep's next round goes on over the running clocks; `undefined` starts at the first. */
  private reconciledUpTo?: RunningClockPosition;
  /** When a clock turns yellow: `TONGBAN_CLOCK_YELLOW_FRACTION` of its days (default 0.2) or `TONGBAN_CLOCK_YELLOW_DAYS` days (default 1) left, whichever is more. */
  private readonly thresholds = warningThresholdsFromEnv();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly listeners: TaskCreationListeners,
    private readonly calendars: CalendarService,
    private readonly scheduled: ScheduledMessages,
    private readonly events: DomainEventOutbox,
    private readonly reads: ReadReplica,
    private readonly lifecycle: TaskLifecycle,
    private readonly definitions: DefinitionService,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
    this.lifecycle.register(this);
  }

  /**
   * Ends the clocks of the tasks a command ended, in its transaction: ONE statement for all of them
   * (their clocks' `ended_at` the tasks' own, their scheduled warnings cancelled), and none when no
   * task could have a clock — not a bundle's case, and no step limit, schedule or item on its element.
   */
  async onTasksEnded(manager: EntityManager, tasks: readonly EndedTask[]): Promise<void> {
    const clocked: EndedTask[] = [];
    for (const task of tasks) if (await this.mayHaveClock(manager, task)) clocked.push(task);
    if (clocked.length > 0) await taskClocks.endMany(manager, clocked.map((t) => ({ taskId: t.id, endedAt: t.endedAt })));
  }

  /** Moves the clocks of transferred tasks to their new departments, in the transfer's transaction (one statement). */
  async onTasksMoved(manager: EntityManager, tasks: readonly MovedTask[]): Promise<void> {
    await taskClocks.followDepartments(manager, tasks.map((t) => ({ taskId: t.id, department: t.department })));
  }

  /**
   * Whether `onTasksCreated` may have started a clock for the task: its instance is a bundle's case
   * (its item's limits), or its element declares a limit of its own, a due date or an item; an element
   * the definition no longer has (a migration) may have had one. Reads the cached model only.
   */
  private async mayHaveClock(manager: EntityManager, task: EndedTask): Promise<boolean> {
    if (task.processKey.startsWith(BUNDLE_PROCESS_PREFIX)) return true;
    const element = (await this.definitions.model(task.definitionId, manager)).elements[task.elementId];
    if (!element) return true;
    return element.taskSchedule?.dueDate !== undefined || element.tongban?.timeLimitDays !== undefined
      || element.tongban?.timeLimitHours !== undefined || element.tongban?.item !== undefined;
  }

  /**
   * Starts the clock of each new task in the creating command's transaction: the clocks of all of them
   * and their warnings in ONE statement, the warnings' messages in another (once a statement per clock
   * and one per clock's warnings: an open-restaurant case's three clocks took six).
   */
  async onTasksCreated(manager: EntityManager, tasks: CreatedTask[]): Promise<void> {
    const rows: TaskClockRow[] = [];
    const warnings: ClockWarningToSchedule[] = [];
    /** When each warning's message is due and the time its clock was counted at, by task and level. */
    const timing = new Map<string, { at: Date; now: Date }>();
    const byInstance = new Map<string, ApplicationRow | undefined>();
    const pausesOf = new Map<string, ClockPause[]>();
    for (const task of tasks) {
      // a case started in this transaction: its application is the one inserted with it, and it has no pauses yet
      if (!byInstance.has(task.instanceId)) {
        byInstance.set(task.instanceId, task.instanceStarted ? applications.insertedWith(manager, task.instanceId) : await applications.findByInstance(manager, task.instanceId, 'command'));
      }
      const application = byInstance.get(task.instanceId);
      const calendar = await this.calendars.calendarFor(application?.region);
      const item = itemOf(task, application?.itemDefinitions ?? []);
      const row: TaskClockRow = {
        task_id: task.id, instance_id: task.instanceId, application_id: application?.id ?? null, item: item?.code ?? null, department: task.department,
        element_id: task.elementId, started_at: task.createdAt,
        ...stepLimitOf(task.schedule, item?.dayUnit),
        scheduled_due_at: task.schedule?.dueDate ? new Date(task.schedule.dueDate) : null,
        follow_up_at: task.schedule?.followUpDate ? new Date(task.schedule.followUpDate) : null,
        due_at: null, legal_due_at: null, level: 'normal', level_at: null, problem: null, ended_at: null,
      };
      if (row.limit_days === null && !item && !row.scheduled_due_at) continue;
      if (application && !pausesOf.has(application.id)) pausesOf.set(application.id, task.instanceStarted ? [] : await clockPauses.ofApplication(manager, application.id));
      const pauses = application ? pausesOf.get(application.id)! : [];
      const value = this.compute(row, application, pauses, calendar, task.createdAt);
      if ('problem' in value) {
        rows.push({ ...row, problem: value.problem });
        this.warnOfYear(value.year, row.task_id);
        continue;
      }
      rows.push({ ...row, due_at: value.dueAt, legal_due_at: value.legalDueAt });
      if (!value.warnings) continue;
      for (const level of WARNING_LEVELS) {
        const at = value.paused ? null : value.warnings[level];
        warnings.push({ id: randomUUID(), taskId: row.task_id, level, dueAt: at });
        if (at) timing.set(`${row.task_id} ${level}`, { at, now: task.createdAt });
      }
    }
    if (rows.length === 0) return;
    const scheduled = new Map((await taskClocks.start(manager, rows, warnings)).map((w) => [`${w.task_id} ${w.level}`, w]));
    // the messages of the warnings written, in the order of the clocks and their levels
    await this.scheduled.scheduleMany(manager, warnings.flatMap((w): ScheduledMessage[] => {
      const written = scheduled.get(`${w.taskId} ${w.level}`);
      const time = timing.get(`${w.taskId} ${w.level}`);
      return written && time ? [warningMessage(written, time.at, time.now)] : [];
    }));
  }

  /** The clocks of tasks, for the task views; tasks without a clock are absent. */
  views(taskIds: string[]): Promise<Map<string, TaskClockView>> {
    return this.viewsThrough(this.dataSource.manager, taskIds);
  }

  /** The clocks of a listed page of tasks, read where the list was read (the read replica). */
  listViews(taskIds: string[]): Promise<Map<string, TaskClockView>> {
    return this.viewsThrough(this.reads.manager, taskIds);
  }

  /**
   * The views of the clocks of `taskIds`: one statement whatever the number of tasks (their clocks with
   * what the clocks need of their cases and the pauses of those cases), where the inbox page once read
   * each task's case and its pauses one by one (41 statements for a page of 20), then in three.
   */
  private async viewsThrough(manager: EntityManager, taskIds: string[]): Promise<Map<string, TaskClockView>> {
    const clocks = await taskClocks.viewsOf(manager, taskIds);
    if (clocks.length === 0) return new Map();
    const calendar = await this.calendars.calendarFor();
    const now = this.clock.now();
    const views = new Map<string, TaskClockView>();
    for (const { row, application, pauses } of clocks) {
      const value = this.compute(row, application, pauses, calendar, now);
      views.set(row.task_id, {
        dueAt: 'problem' in value ? null : value.dueAt, legalDueAt: 'problem' in value ? null : value.legalDueAt, followUpAt: row.follow_up_at,
        remainingDays: 'problem' in value ? null : value.remainingDays,
        remainingHours: 'problem' in value ? null : value.remainingHours ?? null,
        limitUnit: 'problem' in value || !value.unit ? null : LIMIT_UNIT_NAMES[value.unit],
        clockStatus: 'problem' in value ? row.level : row.ended_at ? row.level : value.status, clockPaused: 'problem' in value ? false : value.paused,
        clockProblem: 'problem' in value ? value.problem : value.legalProblem ?? null,
      });
    }
    return views;
  }

  /**
   * Re-times the open task clocks of a case after a pause began or ended, in the caller's
   * transaction: new due instants, and every warning not fired yet moved (a paused clock's
   * warnings are held until it runs again).
   */
  async retimeCase(manager: EntityManager, applicationId: string): Promise<void> {
    const rows = await taskClocks.openOfApplication(manager, applicationId);
    if (rows.length === 0) return;
    const application = await applications.find(manager, applicationId);
    const pauses = await clockPauses.ofApplication(manager, applicationId);
    const calendar = await this.calendars.calendarFor(application?.region);
    const messages: ScheduledMessage[] = [];
    for (const row of rows) await this.retime(manager, row, application, pauses, calendar, this.clock.now(), messages);
    await this.scheduled.scheduleMany(manager, messages);
  }

  /** Recounts the clocks that could not be counted (a calendar year was missing) once a calendar year is entered. */
  async retimeProblems(): Promise<number> {
    const rows = await taskClocks.withProblem(this.dataSource.manager);
    let retimed = 0;
    for (const row of rows) {
      await this.dataSource.transaction(async (manager) => {
        const application = row.application_id ? await applications.find(manager, row.application_id) : undefined;
        const pauses = application ? await clockPauses.ofApplication(manager, application.id) : [];
        const calendar = await this.calendars.calendarFor(application?.region);
        if (await this.retime(manager, row, application, pauses, calendar, this.clock.now())) retimed++;
      });
    }
    return retimed;
  }

  /**
   * Delivers one warning. ONE transaction: 1. lock the warning; a fired, cancelled or re-timed one
   * (another generation) does nothing; 2. a task that ended ends its clock and cancels its warnings;
   * 3. the clock is recounted now: paused, its warnings are held; not due yet (a pause moved it),
   * the warning is re-timed; 4. otherwise the warning fires: its row, the clock's level, the
   * `clock.warning` history row and domain event (→ notification, webhook `warning`).
   */
  async fire(warningId: string, generation: number): Promise<'fired' | 'stale' | 'ended' | 'held' | 'moved' | 'early'> {
    const result = await this.dataSource.transaction(async (manager) => {
      // the clock is locked before its warning: warnings of one clock that fire together (and may record each other) queue on it
      const taskId = (await taskClocks.warning(manager, warningId, false))?.task_id;
      const row = taskId ? await taskClocks.find(manager, taskId, true) : undefined;
      const warning = row ? await taskClocks.warning(manager, warningId) : undefined;
      if (!row || !warning || warning.state !== 'scheduled' || warning.generation !== generation) return 'stale' as const;
      const now = this.clock.now();
      if (warning.due_at && now < warning.due_at) return 'early' as const;
      const [task] = await caseReads.tasks(manager, [row.task_id]);
      if (!task || ENDED_TASK_STATES.includes(task.state)) {
        await taskClocks.update(manager, row.task_id, { ended_at: task?.ended_at ?? now });
        await taskClocks.cancelWarnings(manager, row.task_id);
        return 'ended' as const;
      }
      const application = row.application_id ? await applications.find(manager, row.application_id) : undefined;
      const pauses = application ? await clockPauses.ofApplication(manager, application.id) : [];
      const calendar = await this.calendars.calendarFor(application?.region);
      const value = this.compute(row, application, pauses, calendar, now);
      // a clock counted today into a year the calendar does not know keeps the times it was given
      if (!('problem' in value)) {
        if (!value.warnings) return 'stale' as const;
        if (value.paused) {
          await this.retime(manager, row, application, pauses, calendar, now);
          return 'held' as const;
        }
        if (value.warnings[warning.level] > now) {
          await this.retime(manager, row, application, pauses, calendar, now);
          return 'moved' as const;
        }
      }
      const dueAt = 'problem' in value ? row.due_at : value.dueAt;
      const legalDueAt = 'problem' in value ? row.legal_due_at : value.legalDueAt;
      const department = task.department ?? row.department;
      // a clock that passed several thresholds at once (a restart, a pause ending late) records the earlier ones first
      const passed = (await taskClocks.warnings(manager, row.task_id))
        .filter((w) => w.state === 'scheduled' && w.id !== warning.id && w.due_at && w.due_at <= now && SEVERITY.indexOf(w.level) < SEVERITY.indexOf(warning.level))
        .sort((a, b) => SEVERITY.indexOf(a.level) - SEVERITY.indexOf(b.level));
      for (const level of [...passed, warning]) {
        await taskClocks.markWarning(manager, level.id, 'fired', now);
        await history.append(manager, row.instance_id, CLOCK_WARNING_ACTOR, now, {
          type: 'clock.warning', elementId: row.element_id,
          data: { taskId: row.task_id, level: level.level, dueAt: dueAt?.toISOString() ?? null, legalDueAt: legalDueAt?.toISOString() ?? null, item: row.item, department },
        });
        await this.events.publish(manager, {
          type: 'clock.warning', occurredAt: now, processInstanceId: row.instance_id, ...(row.application_id ? { applicationId: row.application_id } : {}),
          data: { level: level.level, taskId: row.task_id, ...(department ? { department } : {}), ...(dueAt ? { dueAt: dueAt.toISOString() } : {}) },
        });
      }
      if (SEVERITY.indexOf(warning.level) > SEVERITY.indexOf(row.level)) await taskClocks.update(manager, row.task_id, { level: warning.level, level_at: now, department });
      return 'fired' as const;
    });
    if (result === 'early') throw new WarningNotYetDue(`Warning ${warningId} is not due yet`);
    return result;
  }

  /**
   * Brings the next `batches` × `batch` running task clocks up to date with their tasks (one read of
   * the clocks, one of their tasks, one transaction per batch, so memory holds one batch), going on
   * where the last round stopped and starting again at the first running clock once every one was
   * seen: the clock sweep's safety net, its cost per round flat in the running clocks (100,000 of them
   * are seen once in 20 rounds). A command ends and moves the clocks of its tasks in its own
   * transaction (`onTasksEnded`, `onTasksMoved`), so this finds nothing to end unless a task ended
   * before that was so, or by a path that does not tell the task lifecycle listeners. Returns how many
   * clocks ended.
   */
  async reconcileRunning(batch = RECONCILE_BATCH, batches = RECONCILE_BATCHES_PER_ROUND): Promise<number> {
    let ended = 0;
    for (let round = 0; round < batches; round++) {
      const { taskIds, next } = await taskClocks.runningBatch(this.dataSource.manager, this.reconciledUpTo, batch);
      ended += await this.reconcileEnded(taskIds);
      this.reconciledUpTo = next;
      if (!next) break;
    }
    return ended;
  }

  /**
   * Brings task clocks up to date with their tasks, in one transaction of two statements: the
   * clocks of tasks that ended end (their warnings cancelled), and a transferred task's clock
   * follows it to its new department. Returns how many clocks it ended.
   */
  async reconcileEnded(taskIds: string[]): Promise<number> {
    if (taskIds.length === 0) return 0;
    const tasks = await caseReads.tasks(this.dataSource.manager, taskIds);
    const ended = tasks.filter((t) => ENDED_TASK_STATES.includes(t.state));
    const running = tasks.filter((t) => !ENDED_TASK_STATES.includes(t.state));
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const endedClocks = ended.length > 0 ? await taskClocks.endMany(manager, ended.map((t) => ({ taskId: t.id, endedAt: t.ended_at ?? now }))) : 0;
      if (running.length > 0) await taskClocks.followDepartments(manager, running.map((t) => ({ taskId: t.id, department: t.department })));
      return endedClocks;
    });
  }

  /**
   * The clock now. A legal limit that reaches a year the calendar does not know leaves the promised
   * one standing (`legalDueAt` null, the problem named); a promised one that does is a problem.
   */
  private compute(row: TaskClockRow, application: ClockCase | undefined, pauses: ClockPause[], calendar: HolidayCalendar, now: Date): (TaskClockValue & { legalProblem?: string }) | { problem: string; year: number } {
    const item = application?.itemDefinitions.find((d) => d.code === row.item);
    const count = (legal: boolean) => taskClock({
      startedAt: row.started_at,
      ...(application && item ? { acceptedAt: application.createdAt, item: { item: item.code, promisedDays: item.promisedDays, legalDays: legal ? item.legalDays : item.promisedDays, unit: item.dayUnit } } : {}),
      ...(row.limit_days !== null ? { step: { days: row.limit_days, unit: row.limit_unit ?? 'working' } } : {}),
      ...(row.scheduled_due_at ? { scheduledDueAt: row.scheduled_due_at } : {}),
      ...(row.ended_at ? { endedAt: row.ended_at } : {}),
    }, pauses, now, calendar, this.thresholds);
    try {
      return count(true);
    } catch (error) {
      if (!(error instanceof CatalogError && error.code === 'CALENDAR_YEAR_UNKNOWN')) throw error;
      try {
        return { ...count(false), legalDueAt: null, legalProblem: error.message };
      } catch {
        return { problem: error.message, year: Number(error.details.year) };
      }
    }
  }

  /**
   * Stores the clock's new due instants and (re)schedules each warning not fired yet (its rows in one
   * statement, their messages in another): at its time (now when passed), or held (no time) while the
   * clock is paused. A clock that cannot be counted keeps its problem and no warnings. Returns whether
   * the clock could be counted. With `messages`, the messages are added to it for the caller to
   * schedule together with other clocks' (`scheduleMany`), else scheduled here.
   */
  private async retime(manager: EntityManager, row: TaskClockRow, application: ClockCase | undefined, pauses: ClockPause[], calendar: HolidayCalendar, now: Date, messages?: ScheduledMessage[]): Promise<boolean> {
    const value = this.compute(row, application, pauses, calendar, now);
    if ('problem' in value) {
      if (row.problem !== value.problem) {
        await taskClocks.update(manager, row.task_id, { problem: value.problem, due_at: null, legal_due_at: null });
        this.warnOfYear(value.year, row.task_id);
      }
      return false;
    }
    await taskClocks.update(manager, row.task_id, { due_at: value.dueAt, legal_due_at: value.legalDueAt, problem: null });
    const warnings = value.warnings;
    if (!warnings) return true;
    const scheduled = await taskClocks.scheduleAll(manager, row.task_id, WARNING_LEVELS.map((level) => ({ id: randomUUID(), level, dueAt: value.paused ? null : warnings[level] })));
    // the (re)timed warnings' messages in one statement with one notification
    const timed = scheduled.flatMap((warning): ScheduledMessage[] => {
      const at = value.paused ? null : warnings[warning.level];
      return at ? [warningMessage(warning, at, now)] : [];
    });
    if (messages) messages.push(...timed);
    else await this.scheduled.scheduleMany(manager, timed);
    return true;
  }

  /** Logs once per year that clocks reaching into it have no due date until its calendar is entered. */
  private warnOfYear(year: number, taskId: string): void {
    if (this.yearsWarned.has(year)) return;
    this.yearsWarned.add(year);
    this.logger.warn(`Task clocks that reach into ${year} have no due date until the ${year} calendar is entered (first: task ${taskId})`);
  }
}

/** The durable message of a (re)timed warning, due at `at` (now when passed). */
function warningMessage(warning: { id: string; generation: number }, at: Date, now: Date): ScheduledMessage {
  return {
    topic: CLOCK_WARNING_TOPIC, type: 'clock.warning', at: at > now ? at : now, now,
    payload: { warningId: warning.id, generation: warning.generation, queueJobId: clockWarningJobId(warning.id, warning.generation) },
  };
}

const SEVERITY: ClockStatus[] = ['normal', 'yellow', 'red', 'overdue'];

/** The yellow thresholds of every clock (`TONGBAN_CLOCK_YELLOW_FRACTION`, `TONGBAN_CLOCK_YELLOW_DAYS`), defaults where unset or invalid. */
export function warningThresholdsFromEnv(): WarningThresholds {
  const fraction = Number(process.env.TONGBAN_CLOCK_YELLOW_FRACTION);
  const minDays = Number(process.env.TONGBAN_CLOCK_YELLOW_DAYS);
  const minHours = Number(process.env.TONGBAN_CLOCK_YELLOW_HOURS);
  return {
    fraction: Number.isFinite(fraction) && fraction >= 0 && fraction <= 1 ? fraction : DEFAULT_THRESHOLDS.fraction,
    minDays: Number.isFinite(minDays) && minDays >= 0 ? minDays : DEFAULT_THRESHOLDS.minDays,
    minHours: Number.isFinite(minHours) && minHours >= 0 ? minHours : DEFAULT_THRESHOLDS.minHours,
  };
}

/** Thrown when a warning arrives before its time by the clock: the queue retries it. */
export class WarningNotYetDue extends Error {}

/** The service item a task works on: its `tongban:item`, else the case's only item of its department. */
function itemOf(task: CreatedTask, items: ServiceItem[]): ServiceItem | undefined {
  if (task.schedule?.item) return items.find((i) => i.code === task.schedule!.item);
  const own = items.filter((i) => i.department === task.department);
  return own.length === 1 ? own[0] : undefined;
}

export type { WarningLevel };

/** A step's own limit as its clock row keeps it: `tongban:timeLimitHours` in hours, else `tongban:timeLimitDays` in days, in the step's unit or its item's. */
function stepLimitOf(schedule: CreatedTask['schedule'], itemUnit: LimitUnit | undefined): Pick<TaskClockRow, 'limit_days' | 'limit_unit'> {
  if (schedule?.timeLimitHours !== undefined) {
    const unit = schedule.timeLimitUnit ? (schedule.timeLimitUnit === 'calendar' ? 'hours' : 'working-hours') : itemUnit === 'hours' || itemUnit === 'calendar' ? 'hours' : 'working-hours';
    return { limit_days: schedule.timeLimitHours, limit_unit: unit };
  }
  if (schedule?.timeLimitDays === undefined) return { limit_days: null, limit_unit: null };
  return { limit_days: schedule.timeLimitDays, limit_unit: schedule.timeLimitUnit ?? (itemUnit ? dayUnitOf(itemUnit) : 'working') };
}
