import { Module } from '@nestjs/common';
import { CatalogWorkerModule } from '@tongban/catalog';
import { RegionLineageModule } from '@tongban/identity';
import { ClockModule, ConfigModule, DatabaseModule, LoggingModule, ObservabilityModule, RuntimeWorkerModule } from '@tongban/runtime';
import { MIGRATIONS } from '../../../migrations';

/** The worker process: the outbox relay and the BullMQ processors; its only HTTP is the operations listener (metrics, probes). */
@Module({
  imports: [ConfigModule, LoggingModule, ObservabilityModule, ClockModule.forRoot(), DatabaseModule.forRoot({ migrations: MIGRATIONS }), RuntimeWorkerModule, RegionLineageModule, CatalogWorkerModule],
})
export class WorkerModule {}
