import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, DomainEventOutbox, history, JobHandler, QueueProducer, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { CASE_SCOPE } from '../clocks/case-warnings';
import { applications } from '../persistence/application.repository';
import { caseClockWarnings } from '../persistence/case-clock-warning.repository';
import { clockPauses } from '../persistence/clock-pause.repository';
import { ApplicationProgressService, type ApplicationProgress } from './application-progress.service';
import { CalendarService } from './calendar.service';
import { CASE_CLOCK_WARNING_TOPIC, caseClockWarningJobId, CaseClockWarningService } from './case-clock-warning.service';
import { CLOCK_WARNING_ACTOR } from './task-clock.service';
import { requeueWarnings, SWEEP_BATCH, SWEEP_LOOKAHEAD_MS, sweepEveryMs } from './warning-sweep';

/** Item states after which an item's clock no longer runs. */
const STOPPED = ['approved', 'rejected', 'completed', 'certificate-issued', 'cancelled', 'skipped', 'terminated'];

/** Thrown when a warning arrives before its time by the clock: the queue retries it. */
class CaseWarningNotYetDue extends Error {}

/** When each item's work ended (the case's end for every item once it ended). */
function endedItems(progress: ApplicationProgress): Map<string, Date> {
  const ended = new Map<string, Date>();
  for (const item of progress.items) {
    const at = STOPPED.includes(item.state) ? item.endedAt ?? progress.endedAt : progress.endedAt;
    if (at) ended.set(item.item, new Date(at));
  }
  return ended;
}

/**
 * Delivers the warnings of case and item clocks, each once, and keeps a job on the queue for every
 * warning PostgreSQL says is scheduled and due within a minute (one Redis lost is added again under
 * the same job id).
 */
@Injectable()
export class CaseClockWarningProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CaseClockWarningProcessor.name);
  private interval?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly warnings: CaseClockWarningService,
    private readonly progress: ApplicationProgressService,
    private readonly calendars: CalendarService,
    private readonly events: DomainEventOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly producer: QueueProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => void this.sweep().catch((error: Error) => this.logger.warn(`case clock warning sweep: ${error.message}`)), sweepEveryMs());
    this.interval.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.interval);
  }

  /** Puts the job of every scheduled warning due within the lookahead (of the given cases, or all) back on the queue when Redis has none; returns how many it added. */
  async sweep(applicationIds?: string[]): Promise<number> {
    const now = this.clock.now();
    const rows = await caseClockWarnings.dueBy(this.dataSource.manager, new Date(now.getTime() + SWEEP_LOOKAHEAD_MS), SWEEP_BATCH, applicationIds);
    const added = await requeueWarnings(this.producer, CASE_CLOCK_WARNING_TOPIC, 'case-clock.warning', rows, (row) => caseClockWarningJobId(row.id, row.generation), now);
    if (added > 0) this.logger.warn(`re-queued ${added} case clock warning(s) Redis did not hold`);
    return added;
  }

  @JobHandler(CASE_CLOCK_WARNING_TOPIC)
  async handle(payload: Record<string, unknown>): Promise<void> {
    await this.fire(String(payload.warningId), Number(payload.generation));
  }

  /**
   * Delivers one warning. ONE transaction: 1. lock the warning; a fired, cancelled or re-timed one
   * (another generation) does nothing; 2. the clocks are recounted now: an item whose work ended (or,
   * for the case, every item) cancels it; paused, it is held; not due yet (a pause moved it), it is
   * re-timed; 3. otherwise it fires: its row, `case-clock.warning` in the case's history and the
   * `clock.warning` domain event (→ notification of the item's department, webhook `warning`).
   */
  async fire(warningId: string, generation: number): Promise<'fired' | 'stale' | 'ended' | 'held' | 'moved'> {
    const first = await caseClockWarnings.find(this.dataSource.manager, warningId);
    if (!first || first.state !== 'scheduled' || first.generation !== generation) return 'stale';
    const progress = await this.progress.get(first.application_id);
    const calendar = await this.calendars.calendarFor();
    const result = await this.dataSource.transaction(async (m) => {
      const warning = await caseClockWarnings.find(m, warningId, true);
      if (!warning || warning.state !== 'scheduled' || warning.generation !== generation) return 'stale' as const;
      const now = this.clock.now();
      if (warning.due_at && now < warning.due_at) throw new CaseWarningNotYetDue(`Case clock warning ${warningId} is not due yet`);
      const application = (await applications.find(m, warning.application_id))!;
      const pauses = await clockPauses.ofApplication(m, application.id);
      const { targets: plan, uncounted } = this.warnings.plan(application, endedItems(progress), pauses, calendar, now);
      const target = plan.find((t) => t.item === warning.item && t.level === warning.level);
      // a clock that cannot be counted now (a pause moved it into a year the calendar does not know) keeps the time it was given
      if (!target && uncounted.some((u) => u.item === warning.item)) return 'stale' as const;
      if (!target || target.state === 'ended') {
        await caseClockWarnings.mark(m, warning.id, 'cancelled', now);
        return 'ended' as const;
      }
      if (target.state === 'held' || target.at! > now) {
        await this.warnings.apply(m, application.id, [target], now);
        return target.state === 'held' ? 'held' as const : 'moved' as const;
      }
      await caseClockWarnings.mark(m, warning.id, 'fired', now);
      const item = warning.item === CASE_SCOPE ? undefined : application.itemDefinitions.find((d) => d.code === warning.item);
      const critical = item ?? this.firstDue(application.itemDefinitions, plan, warning.level);
      const department = critical?.department;
      await history.append(m, application.processInstanceId, CLOCK_WARNING_ACTOR, now, {
        type: 'case-clock.warning', elementId: null,
        data: { scope: item ? 'item' : 'case', item: item?.code ?? null, level: warning.level, at: target.at!.toISOString(), department: department ?? null },
      });
      await this.events.publish(m, {
        type: 'clock.warning', occurredAt: now, processInstanceId: application.processInstanceId, applicationId: application.id,
        data: { level: warning.level, scope: item ? 'item' : 'case', ...(item ? { item: item.code } : {}), ...(department ? { department } : {}) },
      });
      return 'fired' as const;
    });
    return result;
  }

  /** The item whose clock reached the level first: the case's warning goes to its department. */
  private firstDue<T extends { code: string }>(items: T[], plan: ReturnType<CaseClockWarningService['plan']>['targets'], level: string): T | undefined {
    const due = plan.filter((t) => t.item !== CASE_SCOPE && t.level === level && t.state === 'due').sort((a, b) => a.at!.getTime() - b.at!.getTime());
    return due[0] ? items.find((i) => i.code === due[0].item) : undefined;
  }
}
