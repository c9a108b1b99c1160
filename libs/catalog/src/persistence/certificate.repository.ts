import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { HolderCodeType } from '../catalog/catalog.types';
import type { Certificate } from '../certificates/certificate.types';

interface RawRow {
  id: string;
  type: string;
  number: string;
  issuer: string;
  issuer_code: string | null;
  issued_at: Date;
  valid_until: string | null;
  holder_code_type: HolderCodeType;
  holder_code: string;
  holder_name: string;
  data: Record<string, unknown>;
  status: Certificate['status'];
  application_id: string | null;
  issued_item: string | null;
  conditional?: boolean;
  region?: string;
}

/** The columns a certificate is read with: a named statement's result keeps its type when a migration adds a column. */
const COLUMNS = 'id, type, number, issuer, issuer_code, issued_at, valid_until, holder_code_type, holder_code, holder_name, data, status, application_id, issued_item, conditional, region';

function certificateOf(r: RawRow): Certificate {
  return {
    id: r.id,
    type: r.type,
    number: r.number,
    issuer: r.issuer,
    ...(r.issuer_code ? { issuerCode: r.issuer_code } : {}),
    issuedAt: r.issued_at.toISOString(),
    ...(r.valid_until ? { validUntil: r.valid_until } : {}),
    holder: { codeType: r.holder_code_type, code: r.holder_code, name: r.holder_name },
    data: r.data,
    status: r.status,
    ...(r.issued_item ? { issuedBy: { item: r.issued_item, ...(r.application_id ? { applicationId: r.application_id } : {}) } } : {}),
    ...(r.conditional ? { conditional: true } : {}),
    ...(r.region ? { region: r.region } : {}),
  };
}

/** `certificate`: registered and issued e-certificates; `certificate_serial`: the last serial per type and issuer. */
export const certificates = {
  /** Inserts a certificate; false when its id or (type, number), or the case's certificate of that item, exists. */
  async insert(manager: EntityManager, c: Certificate, actor: string | null): Promise<boolean> {
    const rows = returnedRows(await manager.query(
      `INSERT INTO certificate (id, type, number, issuer, issuer_code, issued_at, valid_until, holder_code_type, holder_code, holder_name, data, status, application_id, issued_item, created_by, conditional)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING RETURNING id`,
      [c.id, c.type, c.number, c.issuer, c.issuerCode ?? null, c.issuedAt, c.validUntil ?? null, c.holder.codeType, c.holder.code, c.holder.name,
        JSON.stringify(c.data), c.status, c.issuedBy?.applicationId ?? null, c.issuedBy?.item ?? null, actor, c.conditional === true],
    ));
    return rows.length === 1;
  },

  /**
   * Registers a certificate by its (type, number): inserted when new, else its issuer, dates, holder,
   * data and status are replaced (a re-registration carries the register's latest state, e.g. a
   * suspension). Returns whether the row was new.
   */
  async upsert(manager: EntityManager, c: Certificate, actor: string | null): Promise<{ certificate: Certificate; created: boolean }> {
    const rows = returnedRows<RawRow & { created: boolean }>(await manager.query(
      `INSERT INTO certificate (id, type, number, issuer, issuer_code, issued_at, valid_until, holder_code_type, holder_code, holder_name, data, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (type, number) DO UPDATE SET issuer = EXCLUDED.issuer, issued_at = EXCLUDED.issued_at, valid_until = EXCLUDED.valid_until,
         holder_code_type = EXCLUDED.holder_code_type, holder_code = EXCLUDED.holder_code, holder_name = EXCLUDED.holder_name, data = EXCLUDED.data, status = EXCLUDED.status
       RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [c.id, c.type, c.number, c.issuer, c.issuerCode ?? null, c.issuedAt, c.validUntil ?? null, c.holder.codeType, c.holder.code, c.holder.name,
        JSON.stringify(c.data), c.status, actor],
    ));
    return { certificate: certificateOf(rows[0]), created: rows[0].created };
  },

  async find(manager: EntityManager, id: string): Promise<Certificate | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM certificate WHERE id = $1`, [id]));
    return rows[0] ? certificateOf(rows[0]) : undefined;
  },

  async findByNumber(manager: EntityManager, type: string, number: string): Promise<Certificate | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM certificate WHERE type = $1 AND number = $2`, [type, number]));
    return rows[0] ? certificateOf(rows[0]) : undefined;
  },

  /** The ids among `ids` of certificates `actor` registered, or that a case `owner` owns issued. */
  async registeredOrIssuedFor(manager: EntityManager, ids: string[], actor: string, owner: string): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = returnedRows<{ id: string }>(await manager.query(
      `SELECT c.id FROM certificate c LEFT JOIN application a ON a.id = c.application_id WHERE c.id = ANY($1) AND (c.created_by = $2 OR a.owner = $3)`,
      [ids, actor, owner],
    ));
    return new Set(rows.map((r) => r.id));
  },

  async heldBy(manager: EntityManager, holderCodes: string[]): Promise<Certificate[]> {
    if (holderCodes.length === 0) return [];
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM certificate WHERE holder_code = ANY($1) ORDER BY issued_at DESC, id`, [holderCodes]));
    return rows.map(certificateOf);
  },

  async byIds(manager: EntityManager, ids: string[]): Promise<Certificate[]> {
    if (ids.length === 0) return [];
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM certificate WHERE id = ANY($1) ORDER BY issued_at, id`, [ids]));
    return rows.map(certificateOf);
  },

  async issuedIn(manager: EntityManager, applicationId: string): Promise<Certificate[]> {
    return (await certificates.issuedInEach(manager, [applicationId])).get(applicationId) ?? [];
  },

  /** The certificates issued in each of the cases, by application id, in issue order. */
  async issuedInEach(manager: EntityManager, applicationIds: string[]): Promise<Map<string, Certificate[]>> {
    const byApplication = new Map<string, Certificate[]>();
    if (applicationIds.length === 0) return byApplication;
    const rows = returnedRows<RawRow>(await manager.query(`SELECT ${COLUMNS} FROM certificate WHERE application_id = ANY($1) ORDER BY issued_at, id`, [applicationIds]));
    for (const row of rows) {
      const list = byApplication.get(row.application_id!) ?? [];
      list.push(certificateOf(row));
      byApplication.set(row.application_id!, list);
    }
    return byApplication;
  },

  /**
   * The next serial of a certificate type at an issuer: a counter row updated in the issuing
   * transaction, so serials have no gaps and a rolled-back issue gives its serial back.
   */
  async nextSerial(manager: EntityManager, typeCode: string, issuerCode: string): Promise<number> {
    const rows = returnedRows<{ last_serial: string }>(await manager.query(
      `INSERT INTO certificate_serial (type_code, issuer_code, last_serial) VALUES ($1, $2, 1)
       ON CONFLICT (type_code, issuer_code) DO UPDATE SET last_serial = certificate_serial.last_serial + 1 RETURNING last_serial`,
      [typeCode, issuerCode],
    ));
    return Number(rows[0].last_serial);
  },
};
