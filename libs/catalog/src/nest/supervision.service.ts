import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, history, NotFoundError, ReadReplica, type Actor, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { countedDeadline } from '../calendar/counted-deadline';
import { localDate, workingDaysBetween, type HolidayCalendar } from '../calendar/working-days';
import type { ClockStatus } from '../clocks/case-clock';
import { isPoorRating } from '../ratings/rating-levels';
import { applications, type ApplicationRow } from '../persistence/application.repository';
import { notifications } from '../notifications/notification.repository';
import { supervision, SUPERVISION_COUNT_BOUND, type DirectiveRow, type StatClockRow, type SupervisionCursor } from '../persistence/supervision.repository';

export { SUPERVISION_COUNT_BOUND };
import { maskPersonal } from '../views/mask-pii';
import { CalendarService } from './calendar.service';
import { CatalogDomainError } from './catalog-domain.error';
import { markCaseUncounted } from './uncounted-case';

export type SupervisionStatus = Exclude<ClockStatus, 'normal'>;

/** A case in the supervision list; the applicant's identity masked. */
export interface SupervisedCase {
  applicationId: string | null;
  processInstanceId: string;
  bundleCode: string | null;
  applicant: { type: string; code: string; name: string } | null;
  status: SupervisionStatus;
  dueAt: Date | null;
  legalDueAt: Date | null;
  departments: string[];
  items: string[];
  taskIds: string[];
}

/** The figures of one department or item over a period. */
export interface SupervisionStatsGroup {
  key: string;
  tasks: number;
  finished: number;
  finishedOnTime: number;
  /** Finished on time ÷ finished; null when none finished. */
  onTimeRate: number | null;
  running: number;
  yellow: number;
  red: number;
  overdue: number;
  /** Average working days from a task's start to its end, of the finished ones. */
  averageWorkingDays: number | null;
  pauses: number;
  ratings: number;
  poorRatings: number;
  averageRating: number | null;
  followUps: number;
  openFollowUps: number;
  directives: number;
  unansweredDirectives: number;
  /** Unanswered past their reply time. */
  overdueDirectives: number;
}

export interface SupervisionStats {
  groupBy: 'department' | 'item';
  from: Date;
  to: Date;
  groups: SupervisionStatsGroup[];
}

/** A directive as the API shows it. */
export interface Directive {
  id: string;
  applicationId: string;
  department: string;
  comment: string;
  replyWithinDays: number;
  /** Null while the reply time is not counted (`dueProblem` says why). */
  dueAt: Date | null;
  dueProblem: string | null;
  createdBy: string;
  createdAt: Date;
  reply: string | null;
  repliedBy: string | null;
  repliedAt: Date | null;
  state: 'open' | 'answered' | 'overdue';
}

const ALL_LEVELS: SupervisionStatus[] = ['yellow', 'red', 'overdue'];
const DAY_MS = 86_400_000;

/**
 * Electronic supervision (电子监察): the cases whose task clocks are yellow, red or overdue, figures
 * per department or item over a period, and directives (督办) a department must answer. The lists and
 * figures only read the clocks, on the read replica (`ReadReplica`) when one is set: a clock ends in
 * the transaction that ends its task and moves in the one that transfers it (`TaskClockService`), so
 * the primary shows it at once and a replica after its replay delay.
 */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly reads: ReadReplica,
  ) {}

  /**
   * Cases with a running task clock at `status` (every warned level when absent), worst level first,
   * then the earliest due clock of that level. `after` is the `next` of the previous page; `total` is
   * exact while at most SUPERVISION_COUNT_BOUND running clocks match, a lower bound beyond (`totalExact`).
   */
  async cases(filter: { status?: SupervisionStatus; department?: string; item?: string; offset: number; limit: number; after?: string }): Promise<{ items: SupervisedCase[]; total: number; totalExact: boolean; next: string | null }> {
    const levels = filter.status ? [filter.status] : ALL_LEVELS;
    const after = filter.after === undefined ? undefined : cursorOf(filter.after);
    const { rows, total, totalExact, next } = await supervision.cases(this.reads.manager, { levels, department: filter.department, item: filter.item, offset: filter.offset, limit: filter.limit, after });
    const items: SupervisedCase[] = [];
    for (const row of rows) {
      const application = row.application_id ? await applications.find(this.reads.manager, row.application_id) : undefined;
      items.push({
        applicationId: row.application_id, processInstanceId: row.instance_id, bundleCode: application?.bundleCode ?? null, applicant: application ? maskedApplicant(application) : null,
        status: row.status, dueAt: row.due_at, legalDueAt: row.legal_due_at, departments: row.departments, items: row.items, taskIds: row.task_ids,
      });
    }
    return { items, total, totalExact, next: next ? `${next.level}~${next.dueMicros}~${next.taskId}` : null };
  }

  /**
   * Figures of the task clocks started in [from, to), per department or item, and of their cases:
   * pauses, ratings, follow-ups and directives (a case's rating counts for each department or item
   * it had a task of; a pause of an item for the item's department).
   */
  async stats(groupBy: 'department' | 'item', from: Date, to: Date): Promise<SupervisionStats> {
    if (!(from < to)) throw new CatalogDomainError('VALIDATION_FAILED', `from (${from.toISOString()}) must be before to (${to.toISOString()})`, { errors: [{ field: 'from', reason: 'order', message: 'from must be before to' }] });
    if (to.getTime() - from.getTime() > 366 * DAY_MS) throw new CatalogDomainError('VALIDATION_FAILED', 'A period is at most 366 days', { errors: [{ field: 'to', reason: 'range', message: 'at most 366 days after from' }] });
    const m = this.reads.manager;
    const clocks = await supervision.clocksStarted(m, from, to);
    const cases = [...new Set(clocks.map((c) => c.application_id).filter((id): id is string => !!id))];
    const [pauses, ratings, followUps, directives] = await Promise.all([
      supervision.pauses(m, cases), supervision.ratings(m, cases), supervision.followUps(m, cases), supervision.directivesOf(m, cases),
    ]);
    const calendar = await this.calendars.calendarFor();
    const now = this.clock.now();
    const groups = new Map<string, SupervisionStatsGroup & { days: number[]; levels: number[] }>();
    const group = (key: string | null | undefined) => {
      const k = key ?? '(none)';
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { ...emptyGroup(k), days: [], levels: [] }));
      return g;
    };
    const keyOf = (c: StatClockRow) => (groupBy === 'department' ? c.department : c.item);
    // the departments (or items) of each case, to attribute its ratings and pauses
    const keysOfCase = new Map<string, Set<string>>();
    for (const c of clocks) {
      const g = group(keyOf(c));
      g.tasks++;
      if (c.ended_at) {
        g.finished++;
        if (!c.due_at || c.ended_at <= c.due_at) g.finishedOnTime++;
        const days = workingDays(c.started_at, c.ended_at, calendar);
        if (days !== undefined) g.days.push(days);
      } else {
        g.running++;
        if (c.level === 'yellow') g.yellow++;
        if (c.level === 'red') g.red++;
        if (c.level === 'overdue') g.overdue++;
      }
      if (c.application_id) keysOfCase.set(c.application_id, (keysOfCase.get(c.application_id) ?? new Set()).add(keyOf(c) ?? '(none)'));
    }
    const itemDepartments = new Map<string, string>();
    if (groupBy === 'department') for (const c of clocks) if (c.item && c.department) itemDepartments.set(`${c.application_id}/${c.item}`, c.department);
    for (const p of pauses) {
      const key = p.item ? (groupBy === 'item' ? p.item : itemDepartments.get(`${p.application_id}/${p.item}`)) : undefined;
      if (key) group(key).pauses++;
      else for (const k of keysOfCase.get(p.application_id) ?? []) group(k).pauses++;
    }
    for (const r of ratings) {
      for (const k of keysOfCase.get(r.application_id) ?? []) {
        const g = group(k);
        g.ratings++;
        g.levels.push(r.level);
        if (isPoorRating(r.level)) g.poorRatings++;
      }
    }
    for (const f of followUps) {
      const keys = groupBy === 'department' ? [f.department] : [...(keysOfCase.get(f.application_id) ?? [])];
      for (const k of keys) {
        const g = group(k);
        g.followUps++;
        if (f.state !== 'closed') g.openFollowUps++;
      }
    }
    for (const d of directives) {
      const keys = groupBy === 'department' ? [d.department] : [...(keysOfCase.get(d.application_id) ?? [])];
      for (const k of keys) {
        const g = group(k);
        g.directives++;
        if (!d.replied_at) {
          g.unansweredDirectives++;
          if (d.due_at && d.due_at < now) g.overdueDirectives++;
        }
      }
    }
    const result = [...groups.values()].map(({ days, levels, ...g }) => ({
      ...g,
      onTimeRate: g.finished ? round(g.finishedOnTime / g.finished) : null,
      averageWorkingDays: days.length ? round(days.reduce((a, b) => a + b, 0) / days.length) : null,
      averageRating: levels.length ? round(levels.reduce((a, b) => a + b, 0) / levels.length) : null,
    }));
    return { groupBy, from, to, groups: result.sort((a, b) => a.key.localeCompare(b.key)) };
  }

  /**
   * A supervisor's directive (督办) to the departments of a case (one, or each with a running task
   * clock, else each with a task). ONE transaction: the directive rows, due `replyWithinDays`
   * working days from now (not counted, `dueProblem` saying why and the case marked, when that reaches a
   * year the calendar does not know: the calendar PUT counts it); a notification of each department's queue; `supervision.directive` in
   * the case's history.
   */
  async direct(applicationId: string, input: { comment: string; replyWithinDays: number; department?: string }, actor: Actor): Promise<Directive[]> {
    const application = await applications.find(this.dataSource.manager, applicationId);
    if (!application) throw new NotFoundError('Application', applicationId);
    const departments = input.department ? [input.department] : await this.departmentsOf(application);
    const known = new Set(application.itemDefinitions.map((d) => d.department));
    for (const d of departments) {
      if (!known.has(d)) throw new CatalogDomainError('VALIDATION_FAILED', `The case has no item of department ${d}`, { errors: [{ field: 'department', reason: 'unknown', message: `departments: ${[...known].join(', ')}` }] });
    }
    const calendar = await this.calendars.calendarFor();
    const now = this.clock.now();
    const { dueAt, problem } = countedDeadline(now, input.replyWithinDays, calendar);
    const rows: DirectiveRow[] = departments.map((department) => ({
      id: randomUUID(), application_id: applicationId, department, comment: input.comment, reply_within_days: input.replyWithinDays, due_at: dueAt, due_problem: problem ?? null,
      created_by: actor.name, created_at: now, reply: null, replied_by: null, replied_at: null,
    }));
    await this.dataSource.transaction(async (m) => {
      for (const row of rows) {
        await supervision.insertDirective(m, row);
        await notifications.insert(m, {
          id: randomUUID(), eventId: row.id, type: 'supervision.directive', recipient: { kind: 'department', id: row.department }, applicationId,
          title: '收到督办，请在时限内回复', data: { directiveId: row.id, dueAt: dueAt?.toISOString() ?? null }, createdAt: now,
        });
        await history.append(m, application.processInstanceId, actor.name, now, { type: 'supervision.directive', data: { directiveId: row.id, department: row.department, replyWithinDays: row.reply_within_days, dueAt: dueAt?.toISOString() ?? null } });
      }
      // a reply time in a year the calendar does not know is counted when the year is entered (the calendar PUT)
      if (problem) await markCaseUncounted(m, applicationId, now, 'Directive reply times');
    });
    return rows.map((r) => directiveOf(r, now));
  }

  /**
   * A department's reply to a directive, by a clerk of it (or an admin). ONE transaction: the reply
   * on the still unanswered directive (a second reply is 409); `supervision.replied` in the case's history.
   */
  async reply(directiveId: string, comment: string, actor: Actor): Promise<Directive> {
    const existing = isUuid(directiveId) ? await supervision.directive(this.dataSource.manager, directiveId) : undefined;
    if (!existing) throw new NotFoundError('Directive', directiveId);
    if (!actor.roles.includes('admin') && actor.department !== existing.department) {
      throw new CatalogDomainError('FORBIDDEN', `Directive ${directiveId} is addressed to ${existing.department}, not to ${actor.department ?? 'the caller'}`);
    }
    const application = await applications.find(this.dataSource.manager, existing.application_id);
    const now = this.clock.now();
    const replied = await this.dataSource.transaction(async (m) => {
      const row = await supervision.reply(m, directiveId, { comment, by: actor.name, at: now });
      if (!row) throw new CatalogDomainError('CONFLICT', `Directive ${directiveId} was answered already`, { directiveId });
      if (application) await history.append(m, application.processInstanceId, actor.name, now, { type: 'supervision.replied', data: { directiveId, department: row.department } });
      return row;
    });
    return directiveOf(replied, now);
  }

  /** Directives: a clerk's department's only. */
  async directives(filter: { department?: string; applicationId?: string; state?: 'open' | 'answered'; offset: number; limit: number }, actor: Actor): Promise<{ items: Directive[]; total: number }> {
    let department = filter.department;
    if (actor.roles.length > 0 && actor.roles.every((r) => r === 'clerk')) {
      if (department !== undefined && department !== actor.department) throw new CatalogDomainError('FORBIDDEN', `Directives of ${department} are not visible to ${actor.name}`);
      department = actor.department ?? '\u0000';
    }
    const { rows, total } = await supervision.directives(this.reads.manager, { ...filter, department });
    const now = this.clock.now();
    return { items: rows.map((r) => directiveOf(r, now)), total };
  }

  private async departmentsOf(application: ApplicationRow): Promise<string[]> {
    const mine = await supervision.runningDepartments(this.dataSource.manager, application.id);
    return mine.length > 0 ? mine : [...new Set(application.itemDefinitions.map((d) => d.department))];
  }
}

function emptyGroup(key: string): SupervisionStatsGroup {
  return {
    key, tasks: 0, finished: 0, finishedOnTime: 0, onTimeRate: null, running: 0, yellow: 0, red: 0, overdue: 0, averageWorkingDays: null,
    pauses: 0, ratings: 0, poorRatings: 0, averageRating: null, followUps: 0, openFollowUps: 0, directives: 0, unansweredDirectives: 0, overdueDirectives: 0,
  };
}

function workingDays(from: Date, to: Date, calendar: HolidayCalendar): number | undefined {
  try {
    return workingDaysBetween(localDate(from, calendar), localDate(to, calendar), calendar);
  } catch {
    return undefined;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A supervision cursor (`<level>~<due µs or none>~<task id>`, as `next` gives it), or a 400 naming `after`. */
function cursorOf(after: string): SupervisionCursor {
  const match = /^(overdue|red|yellow)~(\d{1,19}|none)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(after);
  if (!match) throw new CatalogDomainError('VALIDATION_FAILED', `after: ${after.slice(0, 80)} is not a cursor of this list (pass the \`next\` of the previous page)`, { errors: [{ field: 'after', reason: 'format', message: 'not a supervision cursor' }] });
  return { level: match[1] as SupervisionCursor['level'], dueMicros: match[2], taskId: match[3] };
}

function maskedApplicant(a: ApplicationRow): SupervisedCase['applicant'] {
  const person = a.applicant.type !== 'company';
  return { type: a.applicant.type, code: person ? String(maskPersonal(a.applicant.code, 'id-number')) : a.applicant.code, name: person ? String(maskPersonal(a.applicant.name, 'name')) : a.applicant.name };
}

function directiveOf(r: DirectiveRow, now: Date): Directive {
  return {
    id: r.id, applicationId: r.application_id, department: r.department, comment: r.comment, replyWithinDays: r.reply_within_days, dueAt: r.due_at, dueProblem: r.due_problem,
    createdBy: r.created_by, createdAt: r.created_at, reply: r.reply, repliedBy: r.replied_by, repliedAt: r.replied_at,
    state: r.replied_at ? 'answered' : r.due_at && r.due_at < now ? 'overdue' : 'open',
  };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
