import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, DomainError, NotFoundError } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { IdentityAuditService } from '../audit/identity-audit.service';
import type { Principal } from '../principal';
import { RegionService } from '../regions/region.service';
import { DepartmentEntity } from './department.entity';

/** A department as the API shows it. */
export interface DepartmentView {
  code: string;
  name: string;
  region: string;
  disabled: boolean;
  createdAt: Date;
}

function viewOf(row: DepartmentEntity): DepartmentView {
  return { code: row.code, name: row.name, region: row.region, disabled: row.disabledAt !== null, createdAt: row.createdAt };
}

/** The region's departments (users and tasks reference their codes); every change audited. */
@Injectable()
export class DepartmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: IdentityAuditService,
    private readonly regions: RegionService,
  ) {}

  async list(includeDisabled: boolean): Promise<DepartmentView[]> {
    const rows = await this.dataSource.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } });
    return rows.filter((row) => includeDisabled || row.disabledAt === null).map(viewOf);
  }

  async get(code: string): Promise<DepartmentView> {
    return viewOf(await this.find(code));
  }

  /** Refuses a department code that does not exist or is disabled (400 naming the code). */
  async assertUsable(code: string): Promise<void> {
    const row = await this.dataSource.getRepository(DepartmentEntity).findOne({ where: { code } });
    if (!row) throw new DomainError('VALIDATION_FAILED', `Unknown department "${code}"`, { field: 'department', department: code });
    if (row.disabledAt) throw new DomainError('VALIDATION_FAILED', `The department "${code}" is disabled`, { field: 'department', department: code });
  }

  /**
   * ONE transaction: 1. the department row (409 when the code is taken, in any region), in
   * `input.region` (a region the admin manages) or the admin's own; 2. the audit entry.
   */
  async create(input: { code: string; name: string; region?: string }, actor: Principal, ip: string | null): Promise<DepartmentView> {
    return this.regions.writingIn(input.region, actor, () => this.dataSource.transaction(async (manager) => {
      const inserted: DepartmentEntity[] = await manager.query(
        `INSERT INTO department (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code, name, region, disabled_at AS "disabledAt", created_at AS "createdAt"`,
        [input.code, input.name],
      );
      if (inserted.length === 0) throw new ConflictError(`A department with code ${input.code} exists already`, { code: input.code });
      await this.audit.record({ actor: actor.name, action: 'department.created', target: `department:${input.code}`, ip, details: { name: input.name } }, manager);
      return viewOf(inserted[0]);
    }));
  }

  /** Creates the department in the context's region when its code is free (start-up seeding). */
  async ensure(code: string, name: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO department (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [code, name]);
  }

  /** Renames or disables/enables a department; the code never changes. */
  async update(code: string, input: { name?: string; disabled?: boolean }, actor: Principal, ip: string | null): Promise<DepartmentView> {
    await this.find(code);
    await this.dataSource.transaction(async (manager) => {
      if (input.name !== undefined) await manager.query(`UPDATE department SET name = $2 WHERE code = $1`, [code, input.name]);
      if (input.disabled !== undefined) await manager.query(`UPDATE department SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) END WHERE code = $1`, [code, input.disabled]);
      const action = input.disabled === true ? 'department.disabled' : input.disabled === false && input.name === undefined ? 'department.enabled' : 'department.updated';
      await this.audit.record({ actor: actor.name, action, target: `department:${code}`, ip, details: { ...input } }, manager);
    });
    return this.get(code);
  }

  private async find(code: string): Promise<DepartmentEntity> {
    const row = await this.dataSource.getRepository(DepartmentEntity).findOne({ where: { code } });
    if (!row) throw new NotFoundError('Department', code);
    return row;
  }
}
