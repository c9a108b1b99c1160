import { Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule, RuntimeWorkerModule } from '@tongban/runtime';
import { MIGRATIONS } from '../../../migrations';

/** The worker process: the outbox relay and the BullMQ processors, no HTTP. */
@Module({
  imports: [ConfigModule, DatabaseModule.forRoot({ migrations: MIGRATIONS }), RuntimeWorkerModule],
})
export class WorkerModule {}
