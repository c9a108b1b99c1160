import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError } from '@tongban/engine';
import { CommandExecutor, ConflictError, DefinitionService, DomainError, InstanceSuspendedError, JobHandler, jobTopic, NotFoundError, returnedRows } from '@tongban/runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { ISSUE_CERTIFICATE_JOB_TYPE } from '../compose/bundle-process.graph';
import { certificateHolder } from '../certificates/certificate-holder';
import { issueCertificate } from '../certificates/issue-certificate';
import { applications } from '../persistence/application.repository';
import { certificates } from '../persistence/certificate.repository';
import { CatalogDomainError } from './catalog-domain.error';
import { CatalogService } from './catalog.service';

/** What the `jobs.tongban.certificate.issue` queue carries (the runtime's job message). */
interface IssueJobMessage {
  jobId?: string;
  instanceId: string;
  key: string;
  elementId: string;
}

/** The job was completed by an earlier delivery of the same message: nothing is left to do. */
class AlreadyIssued extends Error {}

/** The actor recorded on the history of certificates Tongban issues. */
export const CERTIFICATE_ISSUER_ACTOR = 'system:certificates';

/**
 * Built-in worker of the `tongban.certificate.issue` service task: issues the result certificate
 * of the task's item (`tongban:item`) to the holder the item names (`holder`), else the applicant.
 */
@Injectable()
export class CertificateIssueProcessor {
  private readonly logger = new Logger(CertificateIssueProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    private readonly catalog: CatalogService,
  ) {}

  /**
   * Issue command. ONE transaction (through the command executor's `prepare`):
   * 1. `UPDATE job SET state = 'completed' WHERE id AND state is open` — zero rows means an earlier
   *    delivery did it: the message is acknowledged and nothing is written;
   * 2. the next serial of the certificate type at its issuer (counter row, `certificate_serial`);
   * 3. the certificate row with `issuedBy {applicationId, item}`; the unique (application, item)
   *    index makes a second issue of the same case's item impossible (a repeated approval of the
 *    item completes its job with the certificate already issued);
   * 4. a `certificate.issued` history row;
   * 5. the engine completes the job and the instance row is version-checked.
   * A redelivery after commit finds the job completed (or its wait gone) and does nothing.
   */
  @JobHandler(jobTopic(ISSUE_CERTIFICATE_JOB_TYPE))
  async handle(payload: Record<string, unknown>): Promise<void> {
    const message = payload as unknown as IssueJobMessage;
    try {
      await this.executor.execute(message.instanceId, { type: 'completeJob', key: message.key }, {
        actor: CERTIFICATE_ISSUER_ACTOR,
        prepare: async (manager, instance) => {
          if (message.jobId) await this.claimJob(manager, message.jobId);
          const model = await this.definitions.model(instance.definitionId, manager);
          const item = model.elements[message.elementId]?.tongban?.item;
          if (!item) throw new CatalogDomainError('CATALOG_INVALID', `Element ${message.elementId} of ${instance.processKey} names no tongban:item to issue a certificate for`);
          await this.issue(manager, instance.id, item);
        },
      });
    } catch (error) {
      if (error instanceof AlreadyIssued) return;
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) return;
      if (error instanceof InstanceSuspendedError) throw new Error(`${error.message}; the certificate is issued once it is resumed`);
      if (error instanceof DomainError && !(error instanceof ConflictError)) {
        await this.fail(message, error.message);
        return;
      }
      throw error;
    }
  }

  /**
   * Fail command, for a refusal no retry can overcome (the item or its certificate type is not
   * catalogued): ONE transaction marks the job failed and runs the engine's `failJob`, so the case
   * shows an incident an operator resolves instead of waiting silently.
   */
  private async fail(message: IssueJobMessage, reason: string): Promise<void> {
    try {
      await this.executor.execute(message.instanceId, { type: 'failJob', key: message.key, errorMessage: reason }, {
        actor: CERTIFICATE_ISSUER_ACTOR,
        prepare: async (manager) => {
          if (!message.jobId) return;
          const rows = returnedRows(await manager.query(
            `UPDATE job SET state = 'failed', retries = 0, error_message = $2, ended_at = now(), deadline = NULL WHERE id = $1 AND state IN ('activatable', 'activated') RETURNING id`,
            [message.jobId, reason],
          ));
          if (rows.length !== 1) throw new AlreadyIssued();
        },
      });
    } catch (error) {
      if (error instanceof AlreadyIssued || error instanceof EngineError) return;
      throw error;
    }
    this.logger.warn(`certificate of ${message.elementId} in ${message.instanceId} not issued: ${reason}`);
  }

  private async claimJob(manager: EntityManager, jobId: string): Promise<void> {
    const rows = returnedRows(await manager.query(
      `UPDATE job SET state = 'completed', ended_at = now(), deadline = NULL WHERE id = $1 AND state IN ('activatable', 'activated') RETURNING id`,
      [jobId],
    ));
    if (rows.length !== 1) throw new AlreadyIssued();
  }

  private async issue(manager: EntityManager, instanceId: string, itemCode: string): Promise<void> {
    const application = await applications.findByInstance(manager, instanceId);
    if (!application) throw new NotFoundError('Application of process instance', instanceId);
    const item = application.itemDefinitions.find((i) => i.code === itemCode);
    if (!item?.result) throw new CatalogDomainError('CATALOG_INVALID', `Item ${itemCode} of bundle ${application.bundleCode} issues no certificate`);
    const type = (await this.catalog.snapshot(manager)).certificateTypes.find((t) => t.type === item.result);
    if (!type) throw new CatalogDomainError('CATALOG_UNKNOWN_REFERENCE', `Certificate type ${item.result} of item ${itemCode} is not catalogued`);
    const holder = certificateHolder(item, type, application.applicant, application.form);
    if (!holder) throw new CatalogDomainError('VALIDATION_FAILED', `The form of application ${application.id} lacks ${item.holder!.nameField} or ${item.holder!.idField}, the holder of item ${itemCode}'s ${type.type}`);
    const serial = await certificates.nextSerial(manager, type.code, type.issuerCode);
    const certificate = issueCertificate({
      certificateType: type, item: itemCode, applicationId: application.id, holder, form: application.form, serial, now: new Date(),
    });
    if (!(await certificates.insert(manager, certificate, CERTIFICATE_ISSUER_ACTOR))) return;
    await manager.query(
      `INSERT INTO history_event (instance_id, type, element_id, element_key, at, actor, data) VALUES ($1, 'certificate.issued', NULL, NULL, now(), $2, $3)`,
      [instanceId, CERTIFICATE_ISSUER_ACTOR, JSON.stringify({ certificateId: certificate.id, type: certificate.type, item: itemCode })],
    );
    this.logger.log(`issued ${certificate.type} ${certificate.id} for application ${application.id}`);
  }
}
