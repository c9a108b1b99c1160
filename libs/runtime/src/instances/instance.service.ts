import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { engine, type Variables } from '@tongban/engine';
import { DataSource } from 'typeorm';
import { DefinitionService, type Page } from '../definitions/definition.service';
import { NotFoundError, type Actor } from '@tongban/kernel';
import { HistoryEventEntity } from '../history/history-event.entity';
import { CaseAccessService } from '../access/case-access.service';
import { ReadReplica } from '../database/read-replica';
import { andCallerRegion } from '../database/region-filter';
import { CommandExecutor } from './command-executor';
import { ProcessInstanceEntity, type InstanceRowState } from './process-instance.entity';

export interface InstanceSummary {
  id: string;
  processKey: string;
  version: number;
  definitionId: string;
  businessKey: string | null;
  parentId: string | null;
  state: InstanceRowState;
  /** What the case came to (`tongban:outcome` of the end event it reached: approved, rejected, …); null until then. */
  outcome: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

export interface InstanceDetail extends InstanceSummary {
  /** Suspended by an operator (`POST /process-instances/:id/suspend`). */
  suspended: boolean;
  variables: Variables;
  activeElementIds: string[];
}

export interface HistoryItem {
  type: string;
  elementId: string | null;
  elementKey: string | null;
  at: Date;
  actor?: string;
  data?: Record<string, unknown>;
}

export interface InstanceFilter {
  processKey?: string;
  state?: InstanceRowState;
  parentId?: string;
  businessKey?: string;
  /** Part of the business key, any case: `2026-00` finds `BJ-2026-0042`. */
  businessKeyContains?: string;
  /** Instances with a task of this department. */
  department?: string;
  /** Started at or after this instant. */
  startedFrom?: Date;
  /** Started before this instant. */
  startedBefore?: Date;
  offset: number;
  limit: number;
}

/** What the api returns for an instance: its row without engine state and variables. */
export function instanceSummary(row: ProcessInstanceEntity): InstanceSummary {
  return {
    id: row.id,
    processKey: row.processKey,
    version: row.definitionVersion,
    definitionId: row.definitionId,
    businessKey: row.businessKey,
    parentId: row.parentId,
    state: row.state,
    outcome: row.outcome ?? null,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  };
}

/** Starts process instances and reads them, their variables and their history. */
@Injectable()
export class InstanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionService,
    private readonly executor: CommandExecutor,
    private readonly access: CaseAccessService,
    private readonly reads: ReadReplica,
  ) {}

  async start(input: { processKey: string; version?: number; businessKey?: string; variables?: Variables; actor: string | null; owner?: string | null }): Promise<InstanceSummary> {
    const definition = await this.definitions.findForStart(input.processKey, input.version);
    const row = await this.executor.start({ definition, businessKey: input.businessKey, variables: input.variables, actor: input.actor, owner: input.owner });
    return instanceSummary(row);
  }

  /** Instances, newest first, of the cases `visibleTo` may see (every case when absent); read from the read replica. */
  async list(filter: InstanceFilter, visibleTo?: Actor): Promise<Page<InstanceSummary>> {
    const qb = this.reads.dataSource.getRepository(ProcessInstanceEntity).createQueryBuilder('i')
      .select(['i.id', 'i.processKey', 'i.definitionVersion', 'i.definitionId', 'i.businessKey', 'i.parentId', 'i.state', 'i.outcome', 'i.startedAt', 'i.endedAt']);
    if (filter.processKey) qb.andWhere('i.processKey = :processKey', { processKey: filter.processKey });
    if (filter.state) qb.andWhere('i.state = :state', { state: filter.state });
    if (filter.parentId) qb.andWhere('i.parentId = :parentId', { parentId: filter.parentId });
    if (filter.businessKey) qb.andWhere('i.businessKey = :businessKey', { businessKey: filter.businessKey });
    if (filter.businessKeyContains) qb.andWhere("i.businessKey ILIKE :businessKeyPart ESCAPE '\\'", { businessKeyPart: `%${filter.businessKeyContains.replace(/[\\%_]/g, '\\$&')}%` });
    if (filter.department) qb.andWhere('EXISTS (SELECT 1 FROM task t WHERE t.instance_id = i.id AND t.department = :department)', { department: filter.department });
    if (filter.startedFrom) qb.andWhere('i.startedAt >= :startedFrom', { startedFrom: filter.startedFrom });
    if (filter.startedBefore) qb.andWhere('i.startedAt < :startedBefore', { startedBefore: filter.startedBefore });
    const visible = visibleTo && this.access.condition(visibleTo, 'i');
    if (visible) qb.andWhere(visible.sql, visible.params);
    qb.orderBy('i.startedAt', 'DESC').addOrderBy('i.id').skip(filter.offset).take(filter.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(instanceSummary), total };
  }

  async get(id: string): Promise<InstanceDetail> {
    const row = await this.dataSource.getRepository(ProcessInstanceEntity).createQueryBuilder('i').where(`i.id = :id${andCallerRegion('i.')}`, { id }).getOne();
    if (!row) throw new NotFoundError('Process instance', id);
    return {
      ...instanceSummary(row),
      suspended: row.suspended,
      variables: engine.rootVariables(row.engineState),
      activeElementIds: engine.activeElementIds(row.engineState),
    };
  }

  async history(id: string): Promise<{ items: HistoryItem[] }> {
    const exists = await this.dataSource.getRepository(ProcessInstanceEntity).createQueryBuilder('i').where(`i.id = :id${andCallerRegion('i.')}`, { id }).getExists();
    if (!exists) throw new NotFoundError('Process instance', id);
    const rows = await this.dataSource.getRepository(HistoryEventEntity).createQueryBuilder('h').where(`h.instanceId = :id${andCallerRegion('h.')}`, { id }).orderBy('h.id', 'ASC').getMany();
    return {
      items: rows.map((r) => ({
        type: r.type,
        elementId: r.elementId,
        elementKey: r.elementKey,
        at: r.at,
        ...(r.actor ? { actor: r.actor } : {}),
        ...(r.data ? { data: r.data } : {}),
      })),
    };
  }
}
