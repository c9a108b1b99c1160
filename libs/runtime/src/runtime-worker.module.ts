import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CallProcessor } from './calls/call.processor';
import { ContinuationProcessor } from './continuations/continuation.processor';
import { RuntimeControlWorkerModule } from './control/runtime-control-worker.module';
import { OutboxRelay } from './outbox/outbox-relay';
import { ProcessorRegistry } from './queues/processor-registry';
import { RuntimeModule } from './runtime.module';

/** What a worker process runs: the outbox relay and a BullMQ worker per handled topic. */
@Module({
  imports: [DiscoveryModule, RuntimeModule, RuntimeControlWorkerModule],
  providers: [OutboxRelay, ProcessorRegistry, ContinuationProcessor, CallProcessor],
  exports: [OutboxRelay, ProcessorRegistry],
})
export class RuntimeWorkerModule {}
