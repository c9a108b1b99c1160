import { DynamicModule, Logger, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { guardConnectionErrors } from './connection-errors';
import { ReadReplica } from './read-replica';
import { bindRegions, bypassesRowSecurity, type PoolMode } from './region-connections';
import { regionContext } from '@tongban/kernel';
import { runMigrations } from './run-migrations';

/** Where the connection options carry the schema owner's URL, the pool mode and the named statements per connection from the config to the data source factory. */
const MIGRATION_URL = 'tongbanMigrationUrl';
const POOL_MODE = 'tongbanPoolMode';
const PREPARED_STATEMENTS = 'tongbanPreparedStatements';

function migrationUrlOf(options: DataSourceOptions): string | undefined {
  return (options as unknown as Record<string, string | undefined>)[MIGRATION_URL];
}

function poolModeOf(options: DataSourceOptions): PoolMode {
  return (options as unknown as Record<string, PoolMode | undefined>)[POOL_MODE] ?? 'session';
}

function preparedStatementsOf(options: DataSourceOptions): number | undefined {
  return (options as unknown as Record<string, number | undefined>)[PREPARED_STATEMENTS];
}

const logger = new Logger('Database');

/** A checked-out connection the server ended: the statement on it fails and the pool drops it; the process goes on. */
function logConnectionError(error: Error): void {
  logger.warn(`connection ended by the server: ${error.message}`);
}

export interface DatabaseModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /**
   * Lists and supervision queries read from `DATABASE_READ_URL` when it is set (the api). Without
   * this (the worker, which lists nothing) `ReadReplica` is the primary and no replica pool is opened.
   */
  readReplica?: boolean;
}

/**
 * The PostgreSQL connection. The schema comes from migrations only (never synchronised); they are
 * run at start under a session advisory lock, through a short connection of the schema owner when
 * `DATABASE_MIGRATION_URL` is set (so the api and worker can connect as `tongban_app`), else of
 * `DATABASE_SESSION_URL` when set (so `DATABASE_URL` may reach a transaction pooler). The pool holds
 * `DATABASE_POOL_SIZE` connections.
 * Every connection it checks out carries the caller's region context (`bindRegions`), as session
 * settings or, with `DATABASE_POOL_MODE=transaction`, inside each transaction, and runs as
 * `tongban_app` when the login role would bypass row-level security (a superuser).
 * Entities register themselves with `TypeOrmModule.forFeature`.
 * `ReadReplica` is where lists read: a second pool on `DATABASE_READ_URL` (`readReplica`), else the primary.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [{
        provide: ReadReplica,
        inject: [getDataSourceToken(), RUNTIME_CONFIG],
        useFactory: (primary: DataSource, config: RuntimeConfig) => (options.readReplica ? ReadReplica.open(primary, config) : ReadReplica.primary(primary)),
      }],
      exports: [ReadReplica],
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [RUNTIME_CONFIG],
          useFactory: (config: RuntimeConfig) => ({
            type: 'postgres' as const,
            url: config.databaseUrl,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false,
            migrations: options.migrations,
            migrationsTableName: 'schema_migration',
            extra: { max: config.databasePoolSize, application_name: 'tongban' },
            [MIGRATION_URL]: config.databaseMigrationUrl ?? config.databaseSessionUrl,
            [POOL_MODE]: config.databasePoolMode,
            [PREPARED_STATEMENTS]: config.databasePreparedStatements,
          }),
          dataSourceFactory: async (dsOptions?: DataSourceOptions) => {
            const migrationUrl = migrationUrlOf(dsOptions!);
            if (!migrationUrl) {
              const dataSource = await new DataSource(dsOptions!).initialize();
              guardConnectionErrors(dataSource, logConnectionError);
              const binding = bindRegions(dataSource, poolModeOf(dsOptions!), preparedStatementsOf(dsOptions!));
              await regionContext.runAsSystem(() => runMigrations(dataSource));
              binding.asAppRole = await bypassesRowSecurity(dataSource);
              return dataSource;
            }
            const owner = await new DataSource({ ...dsOptions!, url: migrationUrl, extra: { max: 2, application_name: 'tongban-migrate' } } as DataSourceOptions).initialize();
            try {
              guardConnectionErrors(owner, logConnectionError);
              bindRegions(owner);
              await regionContext.runAsSystem(() => runMigrations(owner));
            } finally {
              await owner.destroy();
            }
            const dataSource = await new DataSource(dsOptions!).initialize();
            guardConnectionErrors(dataSource, logConnectionError);
            bindRegions(dataSource, poolModeOf(dsOptions!), preparedStatementsOf(dsOptions!)).asAppRole = await bypassesRowSecurity(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
