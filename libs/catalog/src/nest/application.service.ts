import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, CommandExecutor, DefinitionService, DomainEventOutbox, IdempotentStartService, NotFoundError, regionContext, type Clock } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { applicationProblems, type FieldProblem } from '../applications/application-problems';
import { checkApplication } from '../applications/check-application';
import type { Certificate } from '../certificates/certificate.types';
import type { ApplicantRef, MaterialResolution } from '../materials/resolve-materials';
import type { OneTimeNotice } from '../materials/one-time-notice';
import { applications } from '../persistence/application.repository';
import { attachments } from '../persistence/attachment.repository';
import { certificates } from '../persistence/certificate.repository';
import { MaterialFollowUpService } from './material-follow-up.service';
import { markCaseUncounted } from './uncounted-case';
import { CaseClockWarningService } from './case-clock-warning.service';
import { CatalogDomainError, translateCatalogError } from './catalog-domain.error';
import { BundleService } from './bundle.service';
import { CalendarService } from './calendar.service';
import { CatalogService } from './catalog.service';

/** `POST /api/v1/applications`. */
export interface ApplicationSubmission {
  bundleCode: string;
  applicant: ApplicantRef;
  form: Record<string, unknown>;
  materials?: Array<{ item: string; name: string; attachmentId: string }>;
  deferred?: Array<{ item: string; name: string; deadline?: string }>;
}

/** The 201 body: the case and how each material was satisfied. */
export interface AcceptedApplication {
  id: string;
  processInstanceId: string;
  bundleCode: string;
  exemptMaterials: MaterialResolution['exemptMaterials'];
  pendingMaterials: MaterialResolution['pendingMaterials'];
  deferredMaterials: MaterialResolution['deferredMaterials'];
  uploadedMaterials: MaterialResolution['uploadedMaterials'];
  missingMaterials: [];
  notice: OneTimeNotice;
}

/** Accepting applications (受理): one check of form and materials, then the case and its process in one transaction. */
@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly bundles: BundleService,
    private readonly definitions: DefinitionService,
    private readonly executor: CommandExecutor,
    private readonly idempotency: IdempotentStartService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly events: DomainEventOutbox,
    private readonly followUps: MaterialFollowUpService,
    private readonly caseWarnings: CaseClockWarningService,
  ) {}

  /**
   * Submit command.
   * 1. The bundle must exist and be deployed.
   * 2. The form is checked against the merged form; keys the field dictionary does not know are
   *    refused, dictionary keys the bundle does not ask for are dropped.
   * 3. Materials: certificates held by the applicant and by the people the form names (holder
   *    fields) are looked up.
   *    Every problem of 2 and 3 (invalid or missing field, unknown key, unknown attachment or
   *    material, missing key material) is listed in ONE 422 APPLICATION_INCOMPLETE
   *    (`details.problems`, with the one-time notice); nothing is written.
   * 4. Accepted: ONE transaction inserts the `application` row and starts the bundle's process
   *    (variables `applicationId`, `applicant`, `form`; business key = application id), and schedules
   *    each deferred material's deadline and the case's and items' clock warnings as durable messages.
   * With an `Idempotency-Key` the runtime's idempotent start guards it all (keys per caller, apart
   * from process starts' keys): the same key and submission give the first answer again without a
   * second case (`created: false`), another submission under the key is refused with 422
   * IDEMPOTENCY_KEY_REUSED, and of concurrent duplicates only one case commits.
   */
  async submit(input: ApplicationSubmission, actor: string, idempotencyKey?: string, owner: string | null = null): Promise<{ application: AcceptedApplication; created: boolean }> {
    const { response, created } = await this.idempotency.once<AcceptedApplication>(
      { scope: `application:${actor}`, key: idempotencyKey, request: input },
      (remember) => this.accept(input, actor, owner, remember),
    );
    return { application: response, created };
  }

  private async accept(
    input: ApplicationSubmission,
    actor: string,
    owner: string | null,
    remember: (manager: EntityManager, instanceId: string, response: AcceptedApplication) => Promise<void>,
  ): Promise<AcceptedApplication> {
    const bundle = await this.bundles.row(input.bundleCode).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new CatalogDomainError('VALIDATION_FAILED', `Unknown bundle ${input.bundleCode}`, { errors: [{ field: 'bundleCode', reason: 'unknown', message: `no bundle ${input.bundleCode}` }] });
      throw error;
    });
    if (!bundle.deployedDefinitionId) throw new CatalogDomainError('BUNDLE_NOT_DEPLOYED', `Bundle ${bundle.code} is not deployed`, { bundle: bundle.code });
    // a city's own variants of the items it inherits count for the cases started in it
    const variants = bundle.region ? await this.catalog.variantsBelow(bundle.region) : [];
    const { artifacts, bundle: composed } = this.bundles.deployedComposition(bundle, variants);
    const materials = input.materials ?? [];
    const snapshot = await this.catalog.snapshot();
    const dictionary = new Set(snapshot.fields.map((f) => f.key));

    const holderCodes = new Set([input.applicant.code]);
    for (const item of composed.items) {
      for (const m of item.materials) {
        const value = m.holderField ? input.form[m.holderField] : undefined;
        if (typeof value === 'string' && value !== '') holderCodes.add(value);
      }
    }
    // E-certificates are national: the applicant's are found in every region's register, whichever issued them.
    const held = await regionContext.runAsSystem(() => certificates.heldBy(this.dataSource.manager, [...holderCodes]));
    const now = this.clock.now();
    const calendar = await this.calendars.calendarFor();
    const check = translateCatalogError(() => checkApplication({
      bundle: composed, form: artifacts.form, heldCertificates: held, now, calendar,
      application: { applicant: input.applicant, form: input.form, materials, deferred: input.deferred },
    }));

    const fieldProblems: FieldProblem[] = [];
    for (const key of Object.keys(input.form).filter((k) => !dictionary.has(k)).sort()) {
      fieldProblems.push({ field: `form.${key}`, reason: 'unknown', message: `${key} is not a field of the data dictionary` });
    }
    const existing = await attachments.existing(this.dataSource.manager, materials.map((m) => m.attachmentId).filter(isUuid));
    materials.forEach((m, i) => {
      if (!existing.has(m.attachmentId)) fieldProblems.push({ field: `materials[${i}].attachmentId`, reason: 'unknown', message: `no attachment ${m.attachmentId}` });
    });
    const problems = applicationProblems(check, fieldProblems);
    if (problems.length > 0) {
      const fields = problems.filter((p) => p.kind === 'field').length;
      throw new CatalogDomainError('APPLICATION_INCOMPLETE', `The application has ${problems.length} problem(s), ${fields} of fields and ${problems.length - fields} of materials: ${problems.map((p) => `${p.kind === 'field' ? p.field : `${p.item}/${p.material}`}: ${p.message}`).join('; ')}`, {
        problems, notice: check.notice, missingMaterials: check.resolution.missingMaterials,
      });
    }

    const id = randomUUID();
    const r = check.resolution;
    const accepted = (processInstanceId: string): AcceptedApplication => ({
      id, processInstanceId, bundleCode: bundle.code,
      exemptMaterials: r.exemptMaterials, pendingMaterials: r.pendingMaterials, deferredMaterials: r.deferredMaterials, uploadedMaterials: r.uploadedMaterials,
      missingMaterials: [], notice: check.notice,
    });
    const definition = await this.definitions.findForStart(bundle.processKey);
    const instance = await this.executor.start({
      definition,
      businessKey: id,
      variables: { applicationId: id, applicant: { ...input.applicant }, form: check.formValues },
      actor,
      owner,
      prepare: async (manager, row) => {
        await applications.insert(manager, {
          id, bundleCode: bundle.code, bundleVersion: bundle.version, processInstanceId: row.id, applicant: input.applicant,
          form: check.formValues, resolution: check.resolution, itemDefinitions: artifacts.itemDefinitions, createdBy: actor, owner, createdAt: now,
        });
        await remember(manager, row.id, accepted(row.id));
        await this.followUps.scheduleDeadlines(manager, id, r.deferredMaterials, now);
        const uncountedClocks = await this.caseWarnings.schedule(manager, { id, createdAt: now, itemDefinitions: artifacts.itemDefinitions }, now);
        // counts that reach a year the calendar does not know are made when it is entered (the calendar PUT)
        if (uncountedClocks.length > 0 || r.deferredMaterials.some((d) => d.deadline === null)) await markCaseUncounted(manager, id, now, r.deferredMaterials.some((d) => d.deadline === null) ? '容缺 deadlines' : 'Case clock warnings');
        await this.events.publish(manager, {
          type: 'application.accepted', occurredAt: now, applicationId: id, processInstanceId: row.id,
          data: { bundleCode: bundle.code, applicantCode: input.applicant.code, departments: [...new Set(artifacts.itemDefinitions.map((i) => i.department))] },
        });
      },
    });
    return accepted(instance.id);
  }

  /** Certificates a case refers to: those that exempted its materials and those its steps issued. */
  async caseCertificates(applicationId: string, resolution: MaterialResolution): Promise<Certificate[]> {
    // the evidence of an exemption is read where it lies: another region's register may hold it
    const exempt = await regionContext.runAsSystem(() => certificates.byIds(this.dataSource.manager, resolution.exemptMaterials.map((e) => e.certificateId)));
    const issued = await certificates.issuedIn(this.dataSource.manager, applicationId);
    return [...exempt, ...issued.filter((c) => !exempt.some((e) => e.id === c.id))];
  }

  async find(id: string) {
    if (!isUuid(id)) throw new NotFoundError('Application', id);
    const row = await applications.find(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('Application', id);
    return row;
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
