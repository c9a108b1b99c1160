import { Module } from '@nestjs/common';
import { CatalogWorkerModule } from '@tongban/catalog';
import { ClockModule, ConfigModule, DatabaseModule, RuntimeWorkerModule } from '@tongban/runtime';
import { MIGRATIONS } from '../../../migrations';

/** The worker process: the outbox relay and the BullMQ processors, no HTTP. */
@Module({
  imports: [ConfigModule, ClockModule.forRoot(), DatabaseModule.forRoot({ migrations: MIGRATIONS }), RuntimeWorkerModule, CatalogWorkerModule],
})
export class WorkerModule {}
