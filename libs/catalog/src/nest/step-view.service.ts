import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ElementDef } from '@tongban/bpmn';
import { caseReads, CLOCK, DefinitionService, history, isConfinedToDepartment, type Actor, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { MASKED_PII, maskPersonal } from '../views/mask-pii';
import { buildStepView, type StepView } from '../views/step-view';
import { applications } from '../persistence/application.repository';
import { ApplicationService } from './application.service';
import { CatalogDomainError } from './catalog-domain.error';
import { CatalogService } from './catalog.service';

/** The parts of a task the per-step view needs. */
export interface StepTask {
  id: string;
  processInstanceId: string;
  elementId: string;
}

/** A bundle case as a read-only copy shows it, personal values masked. */
export interface CaseSummary {
  applicationId: string;
  bundleCode: string;
  applicant: { type: string; name: string; code: string };
}

/**
 * Per-step views of bundle cases (data minimisation, enforced by the server): a task whose element
 * names a `tongban:item` shows only that item's fields, materials and certificates, and every such
 * read is written to the case's history with the reader.
 */
/** Instances whose definition id is remembered (it never changes); the map starts over when full. */
const DEFINITION_OF_INSTANCE_LIMIT = 10_000;

/** Which task's element: its instance and element, and its instance's definition when the caller holds it. */
type StepOf = Pick<StepTask, 'processInstanceId' | 'elementId'> & { definitionId?: string };

@Injectable()
export class StepViewService {
  /** Instance id → definition id, so checking a completion does not read the instance again. */
  private readonly definitionOfInstance = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionService,
    private readonly catalog: CatalogService,
    private readonly applications: ApplicationService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The BPMN element of a task when it is a bundle step; undefined for other tasks. */
  async stepElement(task: StepOf): Promise<ElementDef | undefined> {
    const element = await this.taskElement(task);
    return element?.tongban?.item ? element : undefined;
  }

  /** The BPMN element of any task, as its instance's deployed model defines it (read unless the caller knows the definition). */
  async taskElement(task: StepOf): Promise<ElementDef | undefined> {
    if (task.definitionId) return (await this.definitions.model(task.definitionId)).elements[task.elementId];
    let definitionId = this.definitionOfInstance.get(task.processInstanceId);
    if (!definitionId) {
      definitionId = await caseReads.definitionOf(this.dataSource.manager, task.processInstanceId);
      if (!definitionId) return undefined;
      if (this.definitionOfInstance.size >= DEFINITION_OF_INSTANCE_LIMIT) this.definitionOfInstance.clear();
      this.definitionOfInstance.set(task.processInstanceId, definitionId);
    }
    return (await this.definitions.model(definitionId)).elements[task.elementId];
  }

  /**
   * Read command: the step view of a bundle task (undefined for other tasks; the task's instance is read
   * for its definition unless the caller gives it), and ONE
   * `personal-data.read` history row naming the reader, the fields shown (masked or not) and the
   * certificates shown.
   */
  async view(task: StepTask & Pick<StepOf, 'definitionId'>, actor: Actor): Promise<StepView | undefined> {
    const element = await this.stepElement(task);
    if (!element) return undefined;
    const application = await applications.findByInstance(this.dataSource.manager, task.processInstanceId);
    if (!application) return undefined;
    const item = application.itemDefinitions.find((i) => i.code === element.tongban!.item);
    if (!item) return undefined;
    const snapshot = await this.catalog.snapshot();
    const view = buildStepView({
      item, form: application.form, dictionary: snapshot.fields, certificateTypes: snapshot.certificateTypes,
      certificates: await this.applications.caseCertificates(application.id, application.resolution),
      resolution: application.resolution, stepFields: element.tongban!.fields, now: this.clock.now(),
    });
    const pii = new Map(snapshot.fields.map((f) => [f.key, f.pii]));
    await history.append(this.dataSource.manager, task.processInstanceId, actor.name, this.clock.now(), {
      type: 'personal-data.read',
      elementId: task.elementId,
      data: {
        taskId: task.id,
        item: item.code,
        fields: view.fields.filter((f) => f.value !== undefined).map((f) => f.key),
        personalFields: view.fields.filter((f) => f.value !== undefined && pii.get(f.key)).map((f) => ({ key: f.key, pii: pii.get(f.key), masked: f.masked })),
        unmasked: view.fields.filter((f) => f.value !== undefined && !f.masked && MASKED_PII.includes(pii.get(f.key)!)).map((f) => f.key),
        certificates: view.certificates.map((c) => c.id),
      },
    });
    return view;
  }

  /**
   * What a read-only copy (抄送) shows of its case, for every role alike: the application, its bundle
   * and the applicant, a citizen's name and ID number masked (a company's name and credit code are
   * public); undefined for a process that is no bundle case.
   */
  async caseSummary(instanceId: string): Promise<CaseSummary | undefined> {
    const application = await applications.findByInstance(this.dataSource.manager, instanceId);
    if (!application) return undefined;
    const citizen = application.applicant.type === 'citizen';
    return {
      applicationId: application.id,
      bundleCode: application.bundleCode,
      applicant: {
        type: application.applicant.type,
        name: citizen ? maskPersonal(application.applicant.name, 'name') as string : application.applicant.name,
        code: citizen ? maskPersonal(application.applicant.code, 'id-number') as string : application.applicant.code,
      },
    };
  }

  /**
   * The variables of an instance as `actor` may read them: a clerk reading a bundle case gets
   * neither the merged form nor the applicant (the step view of the clerk's task shows what the step
   * needs); everyone else gets them unchanged.
   */
  async variablesFor(instanceId: string, variables: Record<string, unknown>, actor: Actor): Promise<Record<string, unknown>> {
    if (!isConfinedToDepartment(actor)) return variables;
    if (!(await applications.findByInstance(this.dataSource.manager, instanceId))) return variables;
    const { form: _form, applicant: _applicant, ...rest } = variables;
    return rest;
  }

  /**
   * Completing a bundle approval step needs the decision: `decision` (approve or reject) when the
   * deployed step routes on it (`tongban:decisionVariable`), else a boolean `variables.approved`, the
   * form earlier bundle versions route on (400 otherwise, so no completion takes a wrong branch).
   */
  async requireDecision(task: StepOf, variables: Record<string, unknown> | undefined, decision?: string): Promise<void> {
    const element = await this.stepElement(task);
    if (!element || element.type !== 'userTask') return;
    if (decision !== undefined && element.tongban?.decisionVariable) return;
    if (typeof variables?.approved === 'boolean' && decision === undefined) return;
    const message = element.tongban?.decisionVariable
      ? `Completing the approval of item ${element.tongban.item} needs decision "approve" or "reject" (or variables.approved: true or false)`
      : `Completing the approval of item ${element.tongban!.item} in this deployed version needs variables.approved: true or false`;
    throw new CatalogDomainError('VALIDATION_FAILED', message, {
      errors: [element.tongban?.decisionVariable
        ? { field: 'decision', reason: 'required', message: 'must be approve or reject' }
        : { field: 'variables.approved', reason: 'required', message: 'must be a boolean' }],
    });
  }
}
