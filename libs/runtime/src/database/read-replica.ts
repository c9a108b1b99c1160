import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import type { RuntimeConfig } from '@tongban/kernel';
import { guardConnectionErrors } from './connection-errors';
import { bindRegions, bypassesRowSecurity } from './region-connections';

/** How far a replica's data is behind the primary, as the replica itself knows it. */
export interface ReplicaLag {
  /** Whether the server is a standby replaying the primary's WAL (`pg_is_in_recovery()`). */
  standby: boolean;
  /**
   * Seconds between now and the commit time of the last transaction replayed
   * (`now() - pg_last_xact_replay_timestamp()`); 0 when everything received is replayed, since an
   * idle primary commits nothing and the plain difference would only grow; null before any replay.
   */
  lagSeconds: number | null;
}

const LAG_SQL = `SELECT pg_is_in_recovery() AS standby,
  CASE WHEN NOT pg_is_in_recovery() THEN 0
       WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag_seconds`;

const logger = new Logger('ReadReplica');

/**
 * Where the inbox, the instance and case lists and the supervision queries read: a second pool on the
 * streaming replica of `DATABASE_READ_URL`, or the primary's own data source when it is unset.
 * Its connections carry the caller's region scope and role exactly as the primary's (`bindRegions`),
 * so row-level security filters a replica read as it filters a primary one. Nothing a command reads
 * before it writes comes from here: a replica may lag the primary by its replay delay.
 */
export class ReadReplica implements OnApplicationShutdown {
  private constructor(
    /** The data source lists read through. */
    readonly dataSource: DataSource,
    /** Whether it is a replica's pool of its own, not the primary's. */
    readonly separate: boolean,
  ) {}

  /** The lists' entity manager. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The primary itself: lists read what commands wrote. */
  static primary(primary: DataSource): ReadReplica {
    return new ReadReplica(primary, false);
  }

  /**
   * A pool of `config.databasePoolSize` on `config.databaseReadUrl` with the primary's entities,
   * no migrations (the replica replays the primary's schema), its connections bound like the primary's.
   */
  static async open(primary: DataSource, config: RuntimeConfig): Promise<ReadReplica> {
    if (!config.databaseReadUrl) return ReadReplica.primary(primary);
    const options = {
      ...primary.options,
      url: config.databaseReadUrl,
      migrations: [],
      migrationsRun: false,
      synchronize: false,
      extra: { max: config.databasePoolSize, application_name: 'tongban-read' },
    } as DataSourceOptions;
    const dataSource = await new DataSource(options).initialize();
    guardConnectionErrors(dataSource, (error) => logger.warn(`replica connection ended by the server: ${error.message}`));
    bindRegions(dataSource, config.databasePoolMode, config.databasePreparedStatements).asAppRole = await bypassesRowSecurity(dataSource);
    return new ReadReplica(dataSource, true);
  }

  /** The replica's state and replay delay. */
  async lag(): Promise<ReplicaLag> {
    const [row] = (await this.dataSource.query(LAG_SQL)) as { standby: boolean; lag_seconds: number | null }[];
    return { standby: row.standby, lagSeconds: row.lag_seconds === null ? null : Math.max(0, Number(row.lag_seconds)) };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.separate && this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
