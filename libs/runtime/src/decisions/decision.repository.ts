import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DecisionDefinitionEntity } from './decision-definition.entity';

/** A deployed decision version without its XML and graph. */
export interface DecisionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  resourceName: string;
  createdAt: Date;
}

const SUMMARY: (keyof DecisionDefinitionEntity)[] = ['id', 'key', 'version', 'name', 'deploymentId', 'resourceName', 'createdAt'];

/** The SQL of decision_definition. */
@Injectable()
export class DecisionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Serialises deployments of one decision key until commit and returns its latest version. */
  async lockLatest(manager: EntityManager, key: string): Promise<DecisionDefinitionEntity | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('decision_definition:' || $1))`, [key]);
    return manager.getRepository(DecisionDefinitionEntity).findOne({ where: { key }, order: { version: 'DESC' }, select: ['id', 'key', 'version', 'name', 'checksum', 'deploymentId'] });
  }

  async insert(manager: EntityManager, row: DecisionDefinitionEntity): Promise<void> {
    await manager.insert(DecisionDefinitionEntity, row);
  }

  /** The latest version of each of the keys, with its graph. */
  async latest(keys: string[], manager: EntityManager = this.dataSource.manager): Promise<DecisionDefinitionEntity[]> {
    if (keys.length === 0) return [];
    return manager.getRepository(DecisionDefinitionEntity).createQueryBuilder('d')
      .select(['d.id', 'd.key', 'd.version', 'd.name', 'd.drg'])
      .where({ key: In(keys) })
      .andWhere('d.version = (SELECT max(l.version) FROM decision_definition l WHERE l.key = d.key)')
      .getMany();
  }

  /** One version of a key (the latest without `version`), with its XML and graph. */
  async find(key: string, version?: number): Promise<DecisionDefinitionEntity | null> {
    const qb = this.dataSource.getRepository(DecisionDefinitionEntity).createQueryBuilder('d').where('d.key = :key', { key });
    if (version !== undefined) qb.andWhere('d.version = :version', { version });
    return qb.orderBy('d.version', 'DESC').limit(1).getOne();
  }

  /** Every version of every key (or of one key), newest first within a key. */
  async list(key?: string): Promise<DecisionSummary[]> {
    const qb = this.dataSource.getRepository(DecisionDefinitionEntity).createQueryBuilder('d').select(SUMMARY.map((c) => `d.${c}`));
    if (key) qb.where('d.key = :key', { key });
    return qb.orderBy('d.key').addOrderBy('d.version', 'DESC').getMany();
  }
}
