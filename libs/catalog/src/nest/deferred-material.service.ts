import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseReads, CLOCK, ConflictError, history, JobService, jobTopic, ScheduledMessages, type Clock } from '@tongban/runtime';
import { ISSUE_CERTIFICATE_JOB_TYPE } from '../compose/bundle-process.graph';
import type { DataSource, EntityManager } from 'typeorm';
import type { UploadedMaterial } from '../materials/resolve-materials';
import { materialFollowUps } from '../persistence/material-follow-up.repository';
import { applications } from '../persistence/application.repository';
import { attachments } from '../persistence/attachment.repository';
import { ApplicationService } from './application.service';
import { CatalogDomainError } from './catalog-domain.error';
import { MaterialFollowUpService } from './material-follow-up.service';

/** `POST /api/v1/applications/{id}/materials`: deferred materials handed in after acceptance. */
export interface MaterialHandIn {
  materials: Array<{ item: string; name: string; attachmentId: string }>;
}

/** A material handed in that could not be taken. */
interface HandInProblem {
  kind: 'material';
  item: string;
  material: string;
  reason: 'not-deferred' | 'unknown-attachment' | 'item-terminated';
  message: string;
}

/** 容缺受理 to the end: the materials accepted missing at submission are handed in later. */
@Injectable()
export class DeferredMaterialService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationService,
    private readonly jobs: JobService,
    private readonly scheduled: ScheduledMessages,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly followUps: MaterialFollowUpService,
  ) {}

  /**
   * Hand-in command.
   * 404 for an unknown case; 409 CONFLICT when the case has ended. Each material must be one the
   * case still waits for (deferred, not yet handed in, its item not terminated) and its attachment must exist: 422
   * APPLICATION_INCOMPLETE listing every problem at once, nothing written.
   * ONE transaction: the case row locked; the materials moved from `deferredMaterials` to
   * `uploadedMaterials` (with `handedInAt`); a `material.handed-in` history row per material; the
   * follow-ups a missed deadline opened for them closed (`material.follow-up-closed`); when an
   * item has no deferred material left, the case's certificate jobs still open get their queue message
   * again (an outbox row), so a certificate held back for the materials is issued now.
   */
  async handIn(applicationId: string, input: MaterialHandIn, actor: string) {
    await this.applications.find(applicationId);
    const now = this.clock.now();
    const resolution = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM application WHERE id = $1 FOR UPDATE`, [applicationId]);
      const current = (await applications.find(manager, applicationId))!;
      const [instance] = await caseReads.instances(manager, [current.processInstanceId]);
      if (instance && instance.state !== 'active') throw new ConflictError(`Application ${applicationId} has ended (${instance.state})`, { applicationId, state: instance.state });
      const existing = await attachments.existing(manager, input.materials.map((m) => m.attachmentId).filter(isUuid));
      const problems: HandInProblem[] = [];
      const terminated = new Set((await materialFollowUps.ofApplications(manager, [applicationId])).filter((f) => f.closeReason === 'terminated').map((f) => f.item));
      for (const m of input.materials) {
        if (terminated.has(m.item)) {
          problems.push({ kind: 'material', item: m.item, material: m.name, reason: 'item-terminated', message: `the department terminated item ${m.item}; it takes no materials any more` });
          continue;
        }
        if (!current.resolution.deferredMaterials.some((d) => d.item === m.item && d.name === m.name)) {
          problems.push({ kind: 'material', item: m.item, material: m.name, reason: 'not-deferred', message: `${m.item}/${m.name} is not a deferred material of this case still to be handed in` });
        }
        if (!existing.has(m.attachmentId)) problems.push({ kind: 'material', item: m.item, material: m.name, reason: 'unknown-attachment', message: `no attachment ${m.attachmentId}` });
      }
      if (problems.length > 0) {
        throw new CatalogDomainError('APPLICATION_INCOMPLETE', `${problems.length} problem(s) with the materials handed in: ${problems.map((p) => `${p.item}/${p.material}: ${p.message}`).join('; ')}`, { problems });
      }
      const handedIn: UploadedMaterial[] = input.materials.map((m) => ({ item: m.item, name: m.name, attachmentId: m.attachmentId, handedInAt: now.toISOString() }));
      const next = {
        ...current.resolution,
        deferredMaterials: current.resolution.deferredMaterials.filter((d) => !handedIn.some((h) => h.item === d.item && h.name === d.name)),
        uploadedMaterials: [...current.resolution.uploadedMaterials, ...handedIn],
      };
      await applications.updateAnswers(manager, applicationId, current.form, next);
      for (const h of handedIn) {
        await history.append(manager, current.processInstanceId, actor, now, { type: 'material.handed-in', elementId: null, data: { item: h.item, name: h.name, attachmentId: h.attachmentId } });
      }
      await this.followUps.closeHandedIn(manager, { id: applicationId, processInstanceId: current.processInstanceId }, handedIn, actor, now);
      const completed = [...new Set(handedIn.map((h) => h.item))].filter((item) => !next.deferredMaterials.some((d) => d.item === item));
      if (completed.length > 0) await this.wakeCertificateJobs(manager, current.processInstanceId, now);
      return next;
    });
    return { deferredMaterials: resolution.deferredMaterials, uploadedMaterials: resolution.uploadedMaterials };
  }

  /** The open certificate jobs of the case get their queue message again; the issuer checks each item's materials. */
  private async wakeCertificateJobs(manager: EntityManager, instanceId: string, now: Date): Promise<void> {
    const open = await this.jobs.list({ processInstanceId: instanceId, type: ISSUE_CERTIFICATE_JOB_TYPE, offset: 0, limit: 100 });
    await this.scheduled.scheduleMany(manager, open.items.filter((j) => j.state === 'activatable' || j.state === 'activated').map((job) => ({
      topic: jobTopic(ISSUE_CERTIFICATE_JOB_TYPE), type: 'certificate.materials-complete', at: now, now,
      payload: { jobId: job.id, instanceId, elementId: job.elementId },
    })));
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
