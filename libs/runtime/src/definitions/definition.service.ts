import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProcessModel } from '@tongban/bpmn';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '@tongban/kernel';
import { ModelCache } from './model-cache';
import { ProcessDefinitionEntity } from './process-definition.entity';

export interface DefinitionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  resourceName: string;
  createdAt: Date;
}

/**
 * The definition a start resolved from a process key: the given version, or the key's `latest` as
 * last known (possibly remembered). The start command verifies it in its transaction (still visible
 * to the caller and, for `latest`, no newer version visible) and resolves the key again otherwise.
 */
export interface StartDefinition extends DefinitionSummary {
  latest: boolean;
}

export interface DefinitionDetail extends DefinitionSummary {
  xml: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

const SUMMARY_COLUMNS: (keyof ProcessDefinitionEntity)[] = ['id', 'key', 'version', 'name', 'deploymentId', 'resourceName', 'createdAt'];

/** Reads deployed process definitions and serves their compiled models from memory. */
@Injectable()
export class DefinitionService {
  private readonly cache = new ModelCache();
  /** What `findForStart` answered, by key and version (`latest` when none): a start reads no definition row of its own. */
  private readonly starts = new RememberedStarts();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: { key?: string; latestOnly?: boolean; offset: number; limit: number }): Promise<Page<DefinitionSummary>> {
    const qb = this.dataSource.getRepository(ProcessDefinitionEntity).createQueryBuilder('d').select(SUMMARY_COLUMNS.map((c) => `d.${c}`));
    if (filter.key) qb.andWhere('d.key = :key', { key: filter.key });
    if (filter.latestOnly) qb.andWhere('d.version = (SELECT max(l.version) FROM process_definition l WHERE l.key = d.key)');
    qb.orderBy('d.key').addOrderBy('d.version', 'DESC').skip(filter.offset).take(filter.limit);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async get(id: string): Promise<DefinitionDetail> {
    const row = await this.dataSource.getRepository(ProcessDefinitionEntity).findOne({
      where: { id },
      select: [...SUMMARY_COLUMNS, 'xml'],
    });
    if (!row) throw new NotFoundError('Process definition', id);
    return row;
  }

  /**
   * The definition instances of `key` start from: the given version, else the latest. Answered from
   * memory when an earlier start of this process resolved it (`fresh` reads it again): definitions never
   * change once deployed, and the start command verifies in its first statement that the answer is still
   * visible to its caller and still the latest (`CommandExecutor.start`), resolving `fresh` otherwise.
   */
  async findForStart(key: string, version?: number, options: { fresh?: boolean } = {}): Promise<StartDefinition> {
    const remembered = options.fresh ? undefined : this.starts.get(key, version);
    if (remembered) return remembered;
    const found = { ...(await this.readForStart(key, version)), latest: version === undefined };
    this.starts.set(key, version, found);
    return found;
  }

  private async readForStart(key: string, version?: number): Promise<DefinitionSummary> {
    const qb = this.dataSource.getRepository(ProcessDefinitionEntity).createQueryBuilder('d')
      .select(SUMMARY_COLUMNS.map((c) => `d.${c}`))
      .where('d.key = :key', { key });
    if (version !== undefined) qb.andWhere('d.version = :version', { version });
    const row = await qb.orderBy('d.version', 'DESC').limit(1).getOne();
    if (!row) throw new NotFoundError('Process definition', version === undefined ? key : `${key}:${version}`);
    return row;
  }

  /** A definition's summary with its compiled model (404 when there is no such definition). */
  async summary(id: string, manager: EntityManager = this.dataSource.manager): Promise<DefinitionSummary & { model: ProcessModel }> {
    const row = await manager.getRepository(ProcessDefinitionEntity).findOne({ where: { id }, select: SUMMARY_COLUMNS });
    if (!row) throw new NotFoundError('Process definition', id);
    return { ...row, model: await this.model(id, manager) };
  }

  /** The compiled model of a definition; loaded from its jsonb column once per process. */
  async model(definitionId: string, manager: EntityManager = this.dataSource.manager): Promise<ProcessModel> {
    const cached = this.cache.get(definitionId);
    if (cached) return cached;
    const row = await manager.getRepository(ProcessDefinitionEntity).findOne({ where: { id: definitionId }, select: ['id', 'model'] });
    if (!row) throw new NotFoundError('Process definition', definitionId);
    this.cache.set(definitionId, row.model);
    return row.model;
  }

  /** Remembers a model just compiled at deploy time, so the first start does not reload it. */
  remember(definitionId: string, model: ProcessModel): void {
    this.cache.set(definitionId, model);
  }
}

/** `findForStart`'s answers by key and version; the oldest dropped past `capacity`. */
class RememberedStarts {
  private readonly entries = new Map<string, StartDefinition>();

  constructor(private readonly capacity = 2_000) {}

  get(key: string, version?: number): StartDefinition | undefined {
    return this.entries.get(startKey(key, version));
  }

  set(key: string, version: number | undefined, definition: StartDefinition): void {
    const entry = startKey(key, version);
    this.entries.delete(entry);
    this.entries.set(entry, definition);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

function startKey(key: string, version?: number): string {
  return `${key}\n${version ?? 'latest'}`;
}
