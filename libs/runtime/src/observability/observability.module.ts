import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueTopics } from '../queues/queue-topics';
import { RuntimeModule } from '../runtime.module';
import { OpsServer } from './ops-server';
import { ReadinessService } from './readiness.service';
import { RuntimeMetricsSampler } from './runtime-metrics.sampler';

/**
 * Metrics and probes of a process: the runtime's sampled gauges, terminus liveness and readiness,
 * and the operations listener serving them. Imported by the api and the worker applications.
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), RuntimeModule],
  providers: [ReadinessService, RuntimeMetricsSampler, OpsServer, QueueTopics],
  exports: [ReadinessService, OpsServer, QueueTopics],
})
export class ObservabilityModule {}
