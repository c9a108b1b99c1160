import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseScopeOf, CLOCK, ForbiddenError, history, NotFoundError, type Actor, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { ALLOWED_MEDIA_TYPES, detectMediaType } from '../attachments/detect-media-type';
import { applications, type ApplicationRow } from '../persistence/application.repository';
import { attachments, type AttachmentMeta } from '../persistence/attachment.repository';
import { CatalogDomainError } from './catalog-domain.error';

/** The largest attachment accepted: 20 MiB. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export type AttachmentView = Omit<AttachmentMeta, 'createdAt'> & { createdAt: Date };

/**
 * Uploaded materials. The bytes live in PostgreSQL (`attachment.content`, bytea) beside their
 * sha256, so a case and its materials are backed up, replicated and deleted together.
 */
@Injectable()
export class AttachmentService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  /** Upload command: size limit (413), type allow-list by magic bytes (415 naming the detected type). */
  async upload(file: { originalname?: string; buffer: Buffer; size?: number }, actor: string): Promise<AttachmentView> {
    const content = file.buffer;
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new CatalogDomainError('ATTACHMENT_TOO_LARGE', `Attachment of ${content.length} bytes exceeds the limit of ${MAX_ATTACHMENT_BYTES} bytes`, { size: content.length, limit: MAX_ATTACHMENT_BYTES });
    }
    const detected = detectMediaType(content);
    if (!detected.allowed) {
      throw new CatalogDomainError('ATTACHMENT_TYPE_NOT_ALLOWED', `Attachment is ${detected.mediaType}; allowed are ${ALLOWED_MEDIA_TYPES.join(', ')}`, { detected: detected.mediaType, allowed: ALLOWED_MEDIA_TYPES });
    }
    const name = decodeName(file.originalname ?? 'attachment').slice(0, 255) || 'attachment';
    const meta = { id: randomUUID(), name, size: content.length, mediaType: detected.mediaType, sha256: createHash('sha256').update(content).digest('hex') };
    return attachments.insert(this.dataSource.manager, meta, content, actor);
  }

  async get(id: string): Promise<AttachmentView> {
    const meta = await attachments.find(this.dataSource.manager, id);
    if (!meta) throw new NotFoundError('Attachment', id);
    return meta;
  }

  /**
   * Download command. Who may download a case's material: supervisors and admins always; a clerk
   * when an item of the department asked for it; an integrator the materials of cases it owns; an
   * applicant those of their own cases; the uploader its upload before a case uses it. Every
   * download of a case's material writes a `personal-data.read` history row with the reader on that case.
   */
  async content(id: string, actor: Actor): Promise<{ meta: AttachmentView; content: Buffer }> {
    const meta = await this.get(id);
    const m = this.dataSource.manager;
    const cases = await applications.usingAttachment(m, id);
    const readable = cases.filter((application) => mayReadMaterial(actor, application, id));
    if (readable.length === 0 && caseScopeOf(actor).kind !== 'all' && (await attachments.uploader(m, id)) !== actor.name) {
      if (caseScopeOf(actor).kind === 'department') throw new ForbiddenError(`Attachment ${id} is a material of no item of department ${actor.department ?? '(none)'}`);
      throw new NotFoundError('Attachment', id);
    }
    for (const application of readable) {
      await history.append(m, application.processInstanceId, actor.name, this.clock.now(), { type: 'personal-data.read', data: { attachmentId: id, name: meta.name } });
    }
    return { meta, content: (await attachments.content(m, id))! };
  }
}

/** Whether the actor may read the material `attachmentId` of the case (see `AttachmentService.content`). */
function mayReadMaterial(actor: Actor, application: ApplicationRow, attachmentId: string): boolean {
  const scope = caseScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'owner':
      return application.owner === scope.owner;
    case 'applicant':
      return application.applicant.code === scope.applicant && (!scope.owner || application.owner === scope.owner);
    case 'department': {
      const items = new Set(application.resolution.uploadedMaterials.filter((u) => u.attachmentId === attachmentId).map((u) => u.item));
      return application.itemDefinitions.some((item) => items.has(item.code) && item.department === scope.department);
    }
    default:
      return false;
  }
}

/** Multer reads multipart file names as latin1; browsers send UTF-8 (e.g. 平面图.pdf). */
function decodeName(name: string): string {
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? name : utf8;
}
