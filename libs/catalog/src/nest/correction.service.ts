import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CLOCK, ConflictError, HoldTaskForCorrectionCommand, ReopenCorrectedTaskCommand, ScheduledMessages, TaskService, type Actor, type Clock, type TaskView,
} from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { checkCorrectionRequest } from '../correction/check-correction-request';
import { correctionDeadline } from '../correction/correction-deadline';
import { checkSupplement } from '../correction/check-supplement';
import type { CorrectionAsk, Supplement } from '../correction/correction.types';
import { mergeForm } from '../form/merge-form';
import { applications } from '../persistence/application.repository';
import { attachments } from '../persistence/attachment.repository';
import { corrections, type CorrectionRow } from '../persistence/correction.repository';
import { ApplicationService } from './application.service';
import { CalendarService } from './calendar.service';
import { CatalogDomainError } from './catalog-domain.error';
import { CatalogService } from './catalog.service';
import { correctionDeadlineMessage } from './correction-deadline.processor';
import { TaskClockService } from './task-clock.service';
import { CaseClockWarningService } from './case-clock-warning.service';
import { StepViewService } from './step-view.service';
import { markCaseUncounted } from './uncounted-case';

/** `POST /tasks/:id/correction`. */
export interface CorrectionRequest {
  items: CorrectionAsk[];
  deadlineDays: number;
  comment?: string;
}

/** The correction of a task as its department sees it. */
export interface TaskCorrectionView {
  state: CorrectionRow['state'];
  asked: CorrectionAsk[];
  comment: string | null;
  /** Null while the deadline is not counted (`deadlineProblem` says why). */
  deadlineDate: string | null;
  deadline: Date | null;
  deadlineProblem: string | null;
  requestedAt: Date;
  answered: Supplement | null;
  answeredAt: Date | null;
  diff: CorrectionRow['diff'];
}

/** The kind of clock pause a correction request causes. */
const KIND = 'correction';

/** 补正: a department returns a case to the applicant once, listing everything; the applicant's supplement reopens the step. */
@Injectable()
export class CorrectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskService,
    private readonly steps: StepViewService,
    private readonly catalog: CatalogService,
    private readonly applications: ApplicationService,
    private readonly hold: HoldTaskForCorrectionCommand,
    private readonly reopen: ReopenCorrectedTaskCommand,
    private readonly scheduled: ScheduledMessages,
    private readonly calendars: CalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly taskClocks: TaskClockService,
    private readonly caseWarnings: CaseClockWarningService,
  ) {}

  /**
   * Request command (一次性告知).
   * 1. The task must be visible to the clerk (404 / 403) and a bundle step; every entry must name a
   *    field or material of the step's item: 400 VALIDATION_FAILED listing every unknown one.
   * 2. ONE transaction: the runtime holds the task in `correction` (403 another department, 409 not
   *    open or claimed, 409 when a concurrent command moved it first) with `task.correction-requested`
   *    and `clock.paused` history rows; the `case_correction` row with its deadline (`deadlineDays`
   *    working days on the calendar, to the end of that local day); the item's `case_clock_pause` row;
   *    the deadline's durable message (`CorrectionDeadlineProcessor`), due just after the deadline.
   *    A deadline that reaches a year the calendar does not know is left null with the reason, no
   *    message, the case marked: the calendar PUT of the year counts it from the request.
   */
  async request(taskId: string, body: CorrectionRequest, actor: Actor): Promise<TaskView & { correction: TaskCorrectionView }> {
    const task = await this.tasks.get(taskId, actor);
    const element = await this.steps.stepElement({ processInstanceId: task.processInstanceId, elementId: task.elementId });
    const application = element && await applications.findByInstance(this.dataSource.manager, task.processInstanceId);
    const item = application?.itemDefinitions.find((i) => i.code === element!.tongban!.item);
    if (!application || !item) {
      throw new CatalogDomainError('VALIDATION_FAILED', `Task ${taskId} is not a step of an application`, { errors: [{ field: 'id', reason: 'invalid', message: 'not a bundle step' }] });
    }
    const errors = checkCorrectionRequest(item, body.items);
    if (errors.length > 0) {
      throw new CatalogDomainError('VALIDATION_FAILED', `The correction request names what item ${item.code} does not ask for: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
    }
    const now = this.clock.now();
    const calendar = await this.calendars.calendarFor();
    const { deadlineDate, deadlineAt, problem } = correctionDeadline(now, body.deadlineDays, calendar);
    const id = randomUUID();
    const view = await this.dataSource.transaction(async (manager) => {
      const held = await this.hold.run(manager, taskId, actor, now, { correctionId: id, deadline: deadlineAt?.toISOString() ?? null, asked: body.items });
      await corrections.insert(manager, {
        id, applicationId: application.id, taskId, item: item.code, department: held.task.department ?? item.department, asked: body.items, comment: body.comment ?? null,
        deadlineDate, deadlineAt, deadlineProblem: problem ?? null, deadlineDays: body.deadlineDays, requestedBy: actor.name, requestedAt: now,
      }).catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505') throw new ConflictError(`Task ${taskId} already waits for a correction`, { taskId });
        throw error;
      });
      await corrections.pauseClock(manager, { applicationId: application.id, item: item.code, kind: KIND, reason: body.comment ?? null, at: now });
      // a deadline in a year the calendar does not know is counted, and its message scheduled, when the year is entered
      if (deadlineAt) await this.scheduled.schedule(manager, correctionDeadlineMessage(id, deadlineAt, now));
      else await markCaseUncounted(manager, application.id, now, 'Correction deadlines');
      return held.view;
    });
    return { ...view, correction: (await this.ofTask(taskId))! };
  }

  /**
   * Supplement command: the applicant answers the open correction request of the case.
   * 404 for an unknown case; 409 CONFLICT when no request is open or its deadline has passed.
   * The answer is checked against exactly what was asked: 422 APPLICATION_INCOMPLETE listing every
   * field and material still missing or invalid and anything not asked for; nothing is written.
   * ONE transaction: the open request row locked; the case's form and uploads updated; the request
   * answered with the diff; the clock pause ended; the runtime reopens the task (`task.corrected`,
   * `clock.resumed`) for the same department — 409 when the task is no longer waiting.
   */
  async supplement(applicationId: string, supplement: Supplement, actor: string): Promise<{ correction: TaskCorrectionView }> {
    const application = await this.applications.find(applicationId);
    const snapshot = await this.catalog.snapshot();
    const mergedForm = mergeForm(application.itemDefinitions, snapshot.fields);
    const now = this.clock.now();
    const taskId = await this.dataSource.transaction(async (manager) => {
      const open = await corrections.openOf(manager, applicationId, true);
      if (!open) throw new ConflictError(`Application ${applicationId} has no open correction request`, { applicationId });
      if (open.deadlineAt && now.getTime() > new Date(open.deadlineAt).getTime()) {
        throw new ConflictError(`The correction request of application ${applicationId} ended on ${open.deadlineDate}`, { applicationId, deadlineDate: open.deadlineDate });
      }
      const current = (await applications.find(manager, applicationId))!;
      const existing = await attachments.existing(manager, (supplement.materials ?? []).map((m) => m.attachmentId).filter(isUuid));
      const check = checkSupplement({ asked: open.asked, supplement, caseForm: current.form, mergedForm, existingAttachments: existing });
      if (check.problems.length > 0) {
        throw new CatalogDomainError('APPLICATION_INCOMPLETE', `The supplement leaves ${check.problems.length} problem(s): ${check.problems.map((p) => `${p.field ?? p.material}: ${p.message}`).join('; ')}`, {
          problems: check.problems, asked: open.asked,
        });
      }
      const uploaded = (supplement.materials ?? []).map((m) => ({ item: open.item, name: m.name, attachmentId: m.attachmentId }));
      const resolution = {
        ...current.resolution,
        uploadedMaterials: [...current.resolution.uploadedMaterials.filter((u) => !(u.item === open.item && uploaded.some((x) => x.name === u.name))), ...uploaded],
      };
      await applications.updateAnswers(manager, applicationId, check.form, resolution);
      await corrections.answer(manager, open.id, supplement, check.diff, now);
      await corrections.resumeClock(manager, { applicationId, item: open.item, kind: KIND, at: now });
      await this.taskClocks.retimeCase(manager, applicationId);
      await this.caseWarnings.retime(manager, applicationId);
      await this.reopen.run(manager, open.taskId, actor, now, open.id);
      return open.taskId;
    });
    return { correction: (await this.ofTask(taskId))! };
  }

  /** The latest correction of a task, for the task view; undefined when it never had one. */
  async ofTask(taskId: string): Promise<TaskCorrectionView | undefined> {
    const row = await corrections.latestOfTask(this.dataSource.manager, taskId);
    if (!row) return undefined;
    return {
      state: row.state, asked: row.asked, comment: row.comment, deadlineDate: row.deadlineDate, deadline: row.deadlineAt, deadlineProblem: row.deadlineProblem, requestedAt: row.requestedAt,
      answered: row.answered, answeredAt: row.answeredAt, diff: row.diff,
    };
  }

}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

