import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { runMigrations } from './run-migrations';

export interface DatabaseModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

/**
 * The PostgreSQL connection. The schema comes from migrations only (never synchronised); they are
 * run at start under an advisory lock. Entities register themselves with `TypeOrmModule.forFeature`.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
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
            extra: { max: 10, application_name: 'tongban' },
          }),
          dataSourceFactory: async (dsOptions?: DataSourceOptions) => {
            const dataSource = await new DataSource(dsOptions!).initialize();
            await runMigrations(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
