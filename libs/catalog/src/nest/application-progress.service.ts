import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProcessModel } from '@tongban/bpmn';
import { CaseAccessService, caseReads, caseScopeOf, CLOCK, DefinitionService, NotFoundError, ReadReplica, TERMINATED_DECISION, type Actor, type CaseStepRow, type Clock, type InstanceSummaryRow } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import type { Certificate } from '../certificates/certificate.types';
import { isApprovalOf, isIssueOf } from '../compose/bundle-process.graph';
import { applications, type ApplicationRow, type ApplicationVisibility } from '../persistence/application.repository';
import { bundles } from '../persistence/bundle.repository';
import { certificates } from '../persistence/certificate.repository';
import { corrections } from '../persistence/correction.repository';
import type { CorrectionAsk } from '../correction/correction.types';
import { ApplicationService } from './application.service';
import { missedDeadlineConsequence, TERMINATED_CONSEQUENCE } from './material-follow-up.service';
import { materialFollowUps, type MaterialFollowUpRow } from '../persistence/material-follow-up.repository';

/**
 * Where one item of a case stands; `skipped`: the case ended before the item's step started (e.g. an item it waited for was refused);
 * `correction`: returned to the applicant (补正); `terminated`: the correction's deadline passed unanswered, or the department terminated it after a missed 容缺 deadline.
 */
export type ItemProgressState = 'waiting' | 'skipped' | 'in-progress' | 'correction' | 'approved' | 'rejected' | 'terminated' | 'completed' | 'certificate-issued' | 'cancelled';

export interface ItemProgress {
  item: string;
  name: string;
  department: string;
  state: ItemProgressState;
  /** The department's decision once made (kept when the certificate is issued): approved, rejected, or a decision its step declares. */
  decision?: string;
  /** The department's written opinion (审批意见) with its decision, when it gave one. */
  opinion?: string;
  promisedDays: number;
  dayUnit: string;
  startedAt?: Date;
  endedAt?: Date;
  /** `conditional`: issued while deferred materials (容缺) were still out, as the item allows. */
  certificate?: { id: string; type: string; number: string; issuedAt: string; conditional?: boolean };
  /** 容缺: approved, its certificate waiting for these deferred materials. */
  awaitingMaterials?: string[];
}

/** A case as the applicant may see it: no staff names, no internal task or job ids. */
export interface ApplicationProgress {
  id: string;
  bundleCode: string;
  bundleName: string;
  state: string;
  /** What the case came to once ended, from its items' decisions; null while it runs. */
  outcome: ApplicationOutcome | null;
  submittedAt: Date;
  endedAt: Date | null;
  applicant: { type: string; name: string };
  items: ItemProgress[];
  exemptMaterials: Array<{ item: string; name: string; certificateId: string; certificateType: string; checkedAt: string }>;
  pendingMaterials: Array<{ item: string; name: string; certificateType: string; issuedBy: string; satisfied: boolean; certificateId?: string }>;
  /**
   * Materials accepted missing (容缺) still to be handed in; `overdue` once the clock has passed their
   * deadline, then with its `consequence` and, once the deadline's follow-up opened, `followUp`.
   */
  deferredMaterials: DeferredMaterialProgress[];
  uploadedMaterials: Array<{ item: string; name: string; attachmentId: string }>;
  /** The open correction request (补正) the applicant is asked to answer by its deadline; null when none is open. */
  correction: OpenCorrection | null;
}

/** A deferred material as the applicant sees it. */
export interface DeferredMaterialProgress {
  item: string;
  name: string;
  /** Null while the deadline is not counted (`deadlineProblem` says why). */
  deadline: string | null;
  deadlineDate: string | null;
  /** Why the deadline is not counted yet: the item's limit reaches a year the calendar does not know. */
  deadlineProblem?: string;
  overdue: boolean;
  consequence?: string;
  followUp?: { state: 'open' | 'closed'; openedAt: Date };
}

/** An open correction request as the applicant sees it: what to correct or supply, why, and by when. */
export interface OpenCorrection {
  item: string;
  items: CorrectionAsk[];
  comment: string | null;
  /** Null while the deadline is not counted (`deadlineProblem` says why). */
  deadlineDate: string | null;
  deadline: Date | null;
  /** Why the deadline is not counted yet: it reaches a year the calendar does not know. */
  deadlineProblem?: string;
  requestedAt: Date;
}

/**
 * What a case came to: every item approved, some, none; `withdrawn` when it was cancelled,
 * `terminated` when it ended otherwise before its items were decided.
 */
export type ApplicationOutcome = 'approved' | 'partially-approved' | 'rejected' | 'withdrawn' | 'terminated';

/** A task's decision as the applicant's view names it. */
const DECIDED: Record<string, string> = { approve: 'approved', reject: 'rejected' };

/** Instance states after which no further step starts. */
const ENDED = ['completed', 'terminated', 'cancelled'];

type StepRow = CaseStepRow;
type InstanceRow = InstanceSummaryRow;

/** What the progress of one case is read from. */
interface CaseRecords {
  bundleName: string;
  instance: InstanceRow;
  model: ProcessModel;
  tasks: StepRow[];
  jobs: StepRow[];
  issued: Certificate[];
  followUps: MaterialFollowUpRow[];
}

/** Steps by instance id, each list in the order of `rows`. */
function byInstance(rows: StepRow[]): Map<string, StepRow[]> {
  const groups = new Map<string, StepRow[]>();
  for (const row of rows) {
    const list = groups.get(row.instance_id) ?? [];
    list.push(row);
    groups.set(row.instance_id, list);
  }
  return groups;
}

/** Reads the progress of cases item by item, from their tasks, jobs and issued certificates. */
@Injectable()
export class ApplicationProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionService,
    private readonly applications: ApplicationService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: CaseAccessService,
    private readonly reads: ReadReplica,
  ) {}

  /** One case's progress; 404 when `visibleTo` may not see it (see `visibilityOf`). */
  async get(id: string, visibleTo?: Actor): Promise<ApplicationProgress> {
    const application = await this.applications.find(id);
    if (visibleTo && !(await this.mayRead(visibleTo, application))) throw new NotFoundError('Application', id);
    const [progress] = await this.progressOfEach(this.dataSource.manager, [application]);
    return progress;
  }

  /** Cases and their progress, read from the read replica. */
  async list(filter: { applicantCode?: string; bundleCode?: string; offset: number; limit: number }, visibleTo?: Actor): Promise<{ items: ApplicationProgress[]; total: number }> {
    const page = await applications.list(this.reads.manager, filter, visibleTo ? this.visibilityOf(visibleTo) : {});
    return { items: await this.progressOfEach(this.reads.manager, page.items), total: page.total };
  }

  /**
   * Whether the actor may see the case: an applicant their own (through an integrator: those that
   * integrator submitted), anyone else the cases of its instance they may see.
   */
  async mayRead(actor: Actor, application: ApplicationRow): Promise<boolean> {
    const scope = caseScopeOf(actor);
    if (scope.kind === 'applicant') return application.applicant.code === scope.applicant && (!scope.owner || application.owner === scope.owner);
    return this.access.mayRead(actor, application.processInstanceId);
  }

  private visibilityOf(actor: Actor): ApplicationVisibility {
    const scope = caseScopeOf(actor);
    if (scope.kind === 'applicant') return { applicantCode: scope.applicant, ...(scope.owner && { owner: scope.owner }) };
    return { instances: (first) => this.access.restriction(actor, 'process_instance_id', first) };
  }

  /** The progress of cases, read through `m`: their bundles, instances, tasks, jobs and certificates are read once for all of them. */
  private async progressOfEach(m: EntityManager, cases: ApplicationRow[]): Promise<ApplicationProgress[]> {
    if (cases.length === 0) return [];
    const instanceIds = cases.map((a) => a.processInstanceId);
    const bundleNames = new Map<string, string>();
    for (const code of new Set(cases.map((a) => a.bundleCode))) bundleNames.set(code, (await bundles.find(m, code))!.name);
    const instances = new Map((await caseReads.instances(m, instanceIds)).map((row) => [row.id, row]));
    const steps = await caseReads.steps(m, instanceIds);
    const tasks = byInstance(steps.tasks);
    const jobs = byInstance(steps.jobs);
    const issued = await certificates.issuedInEach(m, cases.map((a) => a.id));
    const followUps = await materialFollowUps.ofApplications(m, cases.map((a) => a.id));
    const progress: ApplicationProgress[] = [];
    for (const a of cases) {
      const instance = instances.get(a.processInstanceId)!;
      progress.push(progressOf(a, {
        bundleName: bundleNames.get(a.bundleCode)!,
        instance,
        model: await this.definitions.model(instance.definition_id),
        tasks: tasks.get(a.processInstanceId) ?? [],
        jobs: jobs.get(a.processInstanceId) ?? [],
        issued: issued.get(a.id) ?? [],
        followUps: followUps.filter((f) => f.applicationId === a.id),
      }, instance.state === 'active' ? await openCorrectionOf(m, a.id) : null, this.clock.now()));
    }
    return progress;
  }
}

/** Where a case and each of its items stand. */
function progressOf(a: ApplicationRow, { bundleName, instance, model, tasks, jobs, issued, followUps }: CaseRecords, correction: OpenCorrection | null, now: Date): ApplicationProgress {
  const elements = Object.values(model.elements);

  const items = a.itemDefinitions.map((item): ItemProgress => {
    const approvals = new Set(elements.filter((e) => isApprovalOf(e, item.code)).map((e) => e.id));
    const issues = new Set(elements.filter((e) => isIssueOf(e, item.code)).map((e) => e.id));
    const task = tasks.filter((t) => approvals.has(t.element_id)).at(-1);
    const job = jobs.filter((j) => issues.has(j.element_id) && j.state !== 'cancelled').at(-1);
    const certificate = issued.find((c) => c.issuedBy?.item === item.code);
    const base = { item: item.code, name: item.name, department: item.department, promisedDays: item.promisedDays, dayUnit: item.dayUnit };
    const times = { ...(task ? { startedAt: task.created_at } : {}), ...(task?.ended_at ? { endedAt: task.ended_at } : {}) };
    const opinion = task?.comment ? { opinion: task.comment } : {};
    const decided = task?.decision ? DECIDED[task.decision] ?? task.decision : undefined;
    if (certificate) {
      return { ...base, state: 'certificate-issued', decision: 'approved', ...opinion, ...times, certificate: { id: certificate.id, type: certificate.type, number: certificate.number, issuedAt: certificate.issuedAt, ...(certificate.conditional && { conditional: true }) } };
    }
    const terminated = followUps.find((f) => f.item === item.code && f.closeReason === 'terminated');
    if (terminated) return { ...base, state: 'terminated', decision: 'terminated', ...(terminated.comment && { opinion: terminated.comment }), ...times, ...(terminated.closedAt && { endedAt: terminated.closedAt }) };
    const awaiting = a.resolution.deferredMaterials.filter((d) => d.item === item.code).map((d) => d.name);
    if (job) return { ...base, state: 'approved', decision: 'approved', ...opinion, ...times, ...(awaiting.length > 0 && !item.conditionalCertificate && { awaitingMaterials: awaiting }) };
    if (!task) return { ...base, state: ENDED.includes(instance.state) ? 'skipped' : 'waiting' };
    if (task.state === 'open' || task.state === 'claimed') return { ...base, state: 'in-progress', ...times };
    if (task.state === 'correction') return { ...base, state: 'correction', ...times };
    if (task.decision === TERMINATED_DECISION) return { ...base, state: 'terminated', decision: 'terminated', ...opinion, ...times };
    if (task.state === 'cancelled') return { ...base, state: 'cancelled', ...times };
    if (decided === 'rejected' || (!decided && item.result && issues.size > 0)) return { ...base, state: 'rejected', decision: 'rejected', ...opinion, ...times };
    if (decided === 'approved') return { ...base, state: 'approved', decision: 'approved', ...opinion, ...times };
    return { ...base, state: 'completed', ...(decided ? { decision: decided } : {}), ...opinion, ...times };
  });

  const r = a.resolution;
  return {
    id: a.id,
    bundleCode: a.bundleCode,
    bundleName,
    state: instance.state,
    outcome: outcomeOf(instance.state, items),
    submittedAt: a.createdAt,
    endedAt: instance.ended_at,
    applicant: { type: a.applicant.type, name: a.applicant.name },
    items,
    exemptMaterials: r.exemptMaterials,
    pendingMaterials: r.pendingMaterials.map((p) => {
      const c = issued.find((x) => x.type === p.certificateType && x.issuedBy?.item === p.issuedBy);
      return { ...p, satisfied: !!c, ...(c ? { certificateId: c.id } : {}) };
    }),
    deferredMaterials: r.deferredMaterials.map((d) => deferredProgress(d, a, followUps, now)),
    uploadedMaterials: r.uploadedMaterials,
    correction,
  };
}

/** A deferred material: due, or overdue with what that means and its department's follow-up. */
function deferredProgress(d: ApplicationRow['resolution']['deferredMaterials'][number], a: ApplicationRow, followUps: MaterialFollowUpRow[], now: Date): DeferredMaterialProgress {
  const base = { item: d.item, name: d.name, deadline: d.deadline, deadlineDate: d.deadlineDate };
  if (d.deadline === null) return { ...base, deadlineProblem: d.deadlineProblem, overdue: false };
  if (now.getTime() <= Date.parse(d.deadline)) return { ...base, overdue: false };
  const followUp = followUps.find((f) => f.item === d.item && f.material === d.name);
  const conditional = !!a.itemDefinitions.find((i) => i.code === d.item)?.conditionalCertificate;
  const consequence = followUp?.closeReason === 'terminated' ? TERMINATED_CONSEQUENCE : missedDeadlineConsequence(conditional);
  return { ...base, overdue: true, consequence, ...(followUp && { followUp: { state: followUp.state, openedAt: followUp.openedAt } }) };
}

/** The open correction request of a case, without who asked or which task waits. */
async function openCorrectionOf(manager: EntityManager, applicationId: string): Promise<OpenCorrection | null> {
  const row = await corrections.openOf(manager, applicationId);
  if (!row) return null;
  return { item: row.item, items: row.asked, comment: row.comment, deadlineDate: row.deadlineDate, deadline: row.deadlineAt, ...(row.deadlineProblem && { deadlineProblem: row.deadlineProblem }), requestedAt: row.requestedAt };
}

/** A case's outcome from its items' decisions once it has ended. */
function outcomeOf(state: string, items: ItemProgress[]): ApplicationOutcome | null {
  if (state === 'cancelled') return 'withdrawn';
  if (state !== 'completed' && state !== 'terminated') return null;
  const approved = items.filter((i) => i.decision === 'approved').length;
  const rejected = items.filter((i) => i.decision === 'rejected').length;
  if (approved === items.length) return 'approved';
  if (approved > 0) return 'partially-approved';
  if (rejected > 0) return 'rejected';
  return 'terminated';
}
