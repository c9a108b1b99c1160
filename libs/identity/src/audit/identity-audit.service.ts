import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** One change of identity or one sign-in event, as kept in the append-only `identity_audit` table. */
export interface IdentityAuditEntry {
  actor: string;
  action: string;
  target: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** A recorded entry, as listed over the API. */
export interface IdentityAuditRecord extends IdentityAuditEntry {
  id: string;
  at: Date;
}

/** Writes and reads the identity audit trail (user, department and key changes, sign-in failures, lockouts). */
@Injectable()
export class IdentityAuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one entry; inside `manager`'s transaction when given, so it commits with the change it describes. */
  async record(entry: IdentityAuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO identity_audit (actor, action, target, ip, details) VALUES ($1, $2, $3, $4, $5)`,
      [entry.actor, entry.action, entry.target, entry.ip ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  /** Newest first; optionally of one target (`user:<name>`, `department:<code>`, `api-key:<id>`) or one action. */
  async list(filter: { target?: string; action?: string; limit: number; offset: number }): Promise<IdentityAuditRecord[]> {
    const rows: { id: string; at: Date; actor: string; action: string; target: string; ip: string | null; details: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT id, at, actor, action, target, ip, details FROM identity_audit
        WHERE ($1::text IS NULL OR target = $1) AND ($2::text IS NULL OR action = $2)
        ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [filter.target ?? null, filter.action ?? null, filter.limit, filter.offset],
    );
    return rows.map((row) => ({ ...row, id: String(row.id) }));
  }
}
