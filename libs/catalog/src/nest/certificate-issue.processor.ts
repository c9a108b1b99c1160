import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  CLOCK, CompleteJobCommand, newDomainEvent, ConflictError, DefinitionService, DomainError, FailJobCommand, InstanceSuspendedError, JobCompletionParticipants, JobHandler, jobTopic, NotFoundError,
  type Clock, type JobCompletionParticipant, type JobCompletionStep,
} from '@tongban/runtime';
import { ISSUE_CERTIFICATE_JOB_TYPE } from '../compose/bundle-process.graph';
import { certificateHolder } from '../certificates/certificate-holder';
import { issueCertificate } from '../certificates/issue-certificate';
import { applications } from '../persistence/application.repository';
import { certificates } from '../persistence/certificate.repository';
import { CatalogDomainError } from './catalog-domain.error';
import { CatalogService } from './catalog.service';

/** What the `jobs.tongban.certificate.issue` queue carries (the runtime's job message). */
interface IssueJobMessage {
  jobId: string;
  instanceId: string;
  elementId: string;
}

/**
 * 容缺: the item's deferred materials are not all handed in and the item issues no conditional
 * certificate: the job stays open and the certificate is issued when the last one comes in.
 */
export class CertificateAwaitsMaterials extends Error {
  constructor(readonly item: string, readonly materials: string[]) {
    super(`the certificate of ${item} waits for the deferred materials ${materials.join(', ')}`);
  }
}

/** The actor recorded on the history of certificates Tongban issues. */
export const CERTIFICATE_ISSUER_ACTOR = 'system:certificates';

/**
 * Built-in worker of the `tongban.certificate.issue` service task: issues the result certificate
 * of the task's item (`tongban:item`) to the holder the item names (`holder`), else the applicant.
 */
@Injectable()
export class CertificateIssueProcessor implements JobCompletionParticipant, OnModuleInit {
  readonly jobType = ISSUE_CERTIFICATE_JOB_TYPE;
  private readonly logger = new Logger(CertificateIssueProcessor.name);

  constructor(
    private readonly participants: JobCompletionParticipants,
    private readonly completeJob: CompleteJobCommand,
    private readonly failJob: FailJobCommand,
    private readonly definitions: DefinitionService,
    private readonly catalog: CatalogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.participants.register(this);
  }

  /**
   * Issue command: the runtime's complete-job command, with this processor taking part in its ONE
   * transaction (`onJobCompleted`):
   * 1. the job row resolved while open — a job completed by an earlier delivery of the same message
   *    answers 409 JOB_NOT_ACTIVE: the message is acknowledged and nothing is written;
   * 2. 容缺: while deferred materials of the item are out, nothing is written and the job stays open
   *    (`CertificateAwaitsMaterials`; the hand-in of the last one sends the job's message again) — unless the item
   *    allows a conditional certificate, which is then issued flagged `conditional`;
   *    the next serial of the certificate type at its issuer (counter row, `certificate_serial`);
   * 3. the certificate row with `issuedBy {applicationId, item}`; the unique (application, item)
   *    index makes a second issue of the same case's item impossible (a repeated approval of the
   *    item completes its job with the certificate already issued);
   * 4. a `certificate.issued` history row and domain event, in the command's history and outbox;
   * 5. the engine completes the job and the instance row is version-checked.
   * A redelivery after commit finds the job completed (or its wait gone) and does nothing. A refusal
   * no retry can overcome (the item or its certificate type is not catalogued) fails the job with no
   * retries left, so the case shows an incident an operator resolves instead of waiting silently.
   */
  @JobHandler(jobTopic(ISSUE_CERTIFICATE_JOB_TYPE))
  async handle(payload: Record<string, unknown>): Promise<void> {
    const message = payload as unknown as IssueJobMessage;
    try {
      await this.completeJob.run(message.jobId, undefined, CERTIFICATE_ISSUER_ACTOR, { fromQueue: true });
    } catch (error) {
      if (isAlreadyDone(error)) return;
      if (error instanceof CertificateAwaitsMaterials) {
        this.logger.log(`${error.message} (application of ${message.instanceId})`);
        return;
      }
      if (error instanceof InstanceSuspendedError) throw new Error(`${error.message}; the certificate is issued once it is resumed`);
      if (error instanceof DomainError && !(error instanceof ConflictError)) {
        await this.fail(message, error.message);
        return;
      }
      throw error;
    }
  }

  /** Issues the certificate of the job's item inside the job completion's transaction. */
  async onJobCompleted(step: JobCompletionStep): Promise<void> {
    const model = await this.definitions.model(step.instance.definitionId, step.manager);
    const itemCode = model.elements[step.job.elementId]?.tongban?.item;
    if (!itemCode) throw new CatalogDomainError('CATALOG_INVALID', `Element ${step.job.elementId} of ${step.instance.processKey} names no tongban:item to issue a certificate for`);
    const application = await applications.findByInstance(step.manager, step.instance.id);
    if (!application) throw new NotFoundError('Application of process instance', step.instance.id);
    const item = application.itemDefinitions.find((i) => i.code === itemCode);
    if (!item?.result) throw new CatalogDomainError('CATALOG_INVALID', `Item ${itemCode} of bundle ${application.bundleCode} issues no certificate`);
    const type = (await this.catalog.snapshot(step.manager)).certificateTypes.find((t) => t.type === item.result);
    if (!type) throw new CatalogDomainError('CATALOG_UNKNOWN_REFERENCE', `Certificate type ${item.result} of item ${itemCode} is not catalogued`);
    const outstanding = application.resolution.deferredMaterials.filter((d) => d.item === itemCode).map((d) => d.name);
    if (outstanding.length > 0 && !item.conditionalCertificate) throw new CertificateAwaitsMaterials(itemCode, outstanding);
    const holder = certificateHolder(item, type, application.applicant, application.form);
    if (!holder) throw new CatalogDomainError('VALIDATION_FAILED', `The form of application ${application.id} lacks ${item.holder!.nameField} or ${item.holder!.idField}, the holder of item ${itemCode}'s ${type.type}`);
    const serial = await certificates.nextSerial(step.manager, type.code, type.issuerCode);
    const certificate = {
      ...issueCertificate({ certificateType: type, item: itemCode, applicationId: application.id, holder, form: application.form, serial, now: this.clock.now() }),
      ...(outstanding.length > 0 && { conditional: true }),
    };
    if (!(await certificates.insert(step.manager, certificate, CERTIFICATE_ISSUER_ACTOR))) return;
    step.history.record({ type: 'certificate.issued', data: { certificateId: certificate.id, type: certificate.type, item: itemCode, ...(outstanding.length > 0 && { conditional: true, outstandingMaterials: outstanding }) } });
    step.history.publishEvent(newDomainEvent('certificate.issued', this.clock.now(), { applicationId: application.id, processInstanceId: step.instance.id }, {
      certificateId: certificate.id, type: certificate.type, item: itemCode, applicantCode: application.applicant.code,
    }));
    this.logger.log(`issued ${certificate.type} ${certificate.id} for application ${application.id}`);
  }

  /** Fails the job with no retries left: the engine raises an incident on the element. */
  private async fail(message: IssueJobMessage, reason: string): Promise<void> {
    try {
      await this.failJob.run(message.jobId, { errorMessage: reason, retries: 0 }, CERTIFICATE_ISSUER_ACTOR, { fromQueue: true });
    } catch (error) {
      if (isAlreadyDone(error)) return;
      throw error;
    }
    this.logger.warn(`certificate of ${message.elementId} in ${message.instanceId} not issued: ${reason}`);
  }
}

/** The job was completed or failed by an earlier delivery, or is gone: nothing is left to do. */
function isAlreadyDone(error: unknown): boolean {
  if (!(error instanceof DomainError)) return false;
  return error.code === 'JOB_NOT_ACTIVE' || (error.code === 'NOT_FOUND' && error.details?.resource === 'Job');
}
