import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseScopeOf, CLOCK, ConflictError, NotFoundError, type Actor, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import type { HolderCodeType } from '../catalog/catalog.types';
import { expiresAt, statusAt } from '../certificates/certificate-status';
import type { Certificate, CertificateStatus } from '../certificates/certificate.types';
import { formatCertificateId } from '../certificates/certificate-id';
import { certificates } from '../persistence/certificate.repository';
import { CatalogDomainError } from './catalog-domain.error';
import { CatalogService } from './catalog.service';

/** `POST /api/v1/certificates`: an existing certificate an integrator registers. */
export interface CertificateRegistration {
  type: string;
  number: string;
  issuer: string;
  issuedAt: string;
  validUntil?: string;
  holder: { codeType: HolderCodeType; code: string; name: string };
  data?: Record<string, unknown>;
  status?: Exclude<CertificateStatus, 'expired'>;
}

/** A certificate as the API returns it: with the status at the time of reading. */
export type CertificateView = Omit<Certificate, 'status'> & { status: CertificateStatus; recordedStatus: Certificate['status'] };

export function certificateView(c: Certificate, now: Date): CertificateView {
  return { ...c, status: statusAt(c, now), recordedStatus: c.status };
}

/** The e-certificate register (电子证照库): registering existing certificates and reading them. */
@Injectable()
export class CertificateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Register command: the type must be catalogued and its holder code type must match; the id is
   * the GB/T 36904-style identifier built from the type code, the issuer code and the issuer's next
   * serial — never from the number, which for an ID card is the holder's citizen ID. Registering the
   * same type and number again keeps the id and replaces the stored state (issuer, dates, holder, data, status);
   * a type and number another region's register holds is refused with 409 (numbers are national).
   */
  async register(input: CertificateRegistration, actor: string): Promise<CertificateView & { created: boolean }> {
    const snapshot = await this.catalog.snapshot();
    const type = snapshot.certificateTypes.find((t) => t.type === input.type);
    if (!type) throw new CatalogDomainError('CATALOG_UNKNOWN_REFERENCE', `Unknown certificate type ${input.type}`, { field: 'type', type: input.type, known: snapshot.certificateTypes.map((t) => t.type) });
    if (input.holder.codeType !== type.holderCodeType) {
      throw new CatalogDomainError('VALIDATION_FAILED', `A ${type.type} is held by code type ${type.holderCodeType}, not ${input.holder.codeType}`, { field: 'holder.codeType' });
    }
    if (input.validUntil && expiresAt(input.validUntil).getTime() < Date.parse(input.issuedAt)) {
      throw new CatalogDomainError('VALIDATION_FAILED', 'validUntil is before issuedAt', { field: 'validUntil' });
    }
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('certificate:' || $1 || ':' || $2))`, [type.type, input.number]);
      const existing = await certificates.findByNumber(m, type.type, input.number);
      let id = existing?.id;
      while (!id) {
        const serial = String(await certificates.nextSerial(m, type.code, type.issuerCode)).padStart(8, '0');
        const candidate = formatCertificateId({ typeCode: type.code, issuerCode: type.issuerCode, serial, version: 1 });
        if (!(await certificates.find(m, candidate))) id = candidate;
      }
      const { certificate, created } = await certificates.upsert(m, {
        id,
        type: type.type,
        number: input.number,
        issuer: input.issuer,
        issuerCode: type.issuerCode,
        issuedAt: new Date(input.issuedAt).toISOString(),
        ...(input.validUntil ? { validUntil: input.validUntil } : {}),
        holder: input.holder,
        data: input.data ?? {},
        status: input.status ?? 'valid',
      }, actor);
      return { ...certificateView(certificate, this.clock.now()), created };
    }).catch((error: unknown) => {
      // row-level security: the (type, number) is national and another region's register holds it
      if ((error as { driverError?: { code?: string } }).driverError?.code === '42501') {
        throw new ConflictError(`A ${type.type} numbered ${input.number} is registered already`, { type: type.type, number: input.number });
      }
      throw error;
    });
  }

  /** One certificate; 404 when `visibleTo` may not see it (see `visible`). */
  async get(id: string, visibleTo?: Actor): Promise<CertificateView> {
    const c = await certificates.find(this.dataSource.manager, id);
    if (!c || (visibleTo && (await this.visible([c], visibleTo)).length === 0)) throw new NotFoundError('Certificate', id);
    return certificateView(c, this.clock.now());
  }

  async listByHolder(holderCode: string, visibleTo?: Actor): Promise<{ items: CertificateView[]; total: number }> {
    const now = this.clock.now();
    const held = await certificates.heldBy(this.dataSource.manager, [holderCode]);
    const items = (visibleTo ? await this.visible(held, visibleTo) : held).map((c) => certificateView(c, now));
    return { items, total: items.length };
  }

  /**
   * The certificates the actor may read: supervisors and admins all; an applicant their own; an
   * integrator those its key registered or that cases it owns issued; nobody else any.
   */
  private async visible(list: Certificate[], actor: Actor): Promise<Certificate[]> {
    const scope = caseScopeOf(actor);
    if (scope.kind === 'all') return list;
    if (scope.kind === 'applicant') return list.filter((c) => c.holder.code === scope.applicant);
    if (scope.kind !== 'owner') return [];
    const ids = await certificates.registeredOrIssuedFor(this.dataSource.manager, list.map((c) => c.id), actor.name, scope.owner);
    return list.filter((c) => ids.has(c.id));
  }
}
