import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { ConflictError, DomainError, jobDuration, regionContext, traced, type RegionScope } from '@tongban/kernel';
import { JOB_HANDLER_OPTIONS, JOB_HANDLER_TOPIC, type JobHandlerMethod, type JobHandlerOptions } from './job-handler.decorator';
import { RedisConnections } from './redis-connections';
import { RedisOutageLog } from './redis-outage.log';
import { STALL_OPTIONS } from './worker-options';

/** Concurrency of each topic's BullMQ worker in this process, unless its handler names its own. */
const CONCURRENCY = 8;

/**
 * Finds every `@JobHandler(topic)` method and runs one BullMQ worker per topic. A failure the
 * same job cannot overcome (a domain refusal, a non-retryable engine error) ends the job; anything
 * else (a lost race, a dropped connection) is retried with backoff.
 */
@Injectable()
export class ProcessorRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProcessorRegistry.name);
  private readonly handlers = new Map<string, JobHandlerMethod>();
  private readonly options = new Map<string, JobHandlerOptions>();
  private readonly workers: Worker[] = [];
  private readonly outage = new RedisOutageLog(this.logger);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly connections: RedisConnections,
  ) {}

  topics(): string[] {
    return [...this.handlers.keys()];
  }

  onApplicationBootstrap(): void {
    this.discover();
    for (const [topic, handler] of this.handlers) {
      const connection = this.connections.create();
      const worker = new Worker(topic, (job: Job) => this.process(topic, handler, job), {
        connection,
        prefix: this.connections.prefix,
        concurrency: this.options.get(topic)?.concurrency ?? CONCURRENCY,
        ...STALL_OPTIONS,
      });
      connection.on('ready', () => this.outage.ready());
      worker.on('error', (error) => {
        if (!this.outage.connectionError(topic, error)) this.logger.warn(`worker ${topic}: ${error.message}`);
      });
      worker.on('failed', (job, error) => this.logger.warn(`job ${topic}/${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`processing ${this.topics().join(', ') || 'no topics'}`);
  }

  /** Lets running jobs finish, before the database and Redis connections close. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
  }

  private discover(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const fn = instance[method];
        const topic = typeof fn === 'function' ? (Reflect.getMetadata(JOB_HANDLER_TOPIC, fn) as string | undefined) : undefined;
        if (!topic) continue;
        if (this.handlers.has(topic)) throw new Error(`Two job handlers for topic "${topic}"; one topic has one handler`);
        this.handlers.set(topic, (fn as JobHandlerMethod).bind(instance));
        this.options.set(topic, (Reflect.getMetadata(JOB_HANDLER_OPTIONS, fn as object) as JobHandlerOptions | undefined) ?? {});
      }
    }
  }

  private async process(topic: string, handler: JobHandlerMethod, job: Job): Promise<void> {
    const end = jobDuration.startTimer({ queue: topic });
    const data = job.data as Record<string, unknown>;
    const info = { id: String(job.id), name: job.name, attemptsMade: job.attemptsMade };
    try {
      await regionContext.run(jobScope(job), async () => {
        if (typeof data.traceparent === 'string') await traced(`job ${topic}`, 'consumer', () => handler(data, info), data.traceparent, { 'messaging.destination.name': topic, 'messaging.message.id': info.id });
        else await handler(data, info);
      });
      end({ outcome: 'ok' });
    } catch (error) {
      end({ outcome: 'failed' });
      if (isFinal(error)) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  }
}

function isFinal(error: unknown): boolean {
  if (error instanceof ConflictError) return false;
  if (error instanceof DomainError) return true;
  return (error as { retryable?: unknown })?.retryable === false;
}

/**
 * A job runs in the system's scope (it reads every region) and writes in the region of the outbox
 * row that published it; a job from elsewhere (a department worker's result) writes through a
 * command, which takes its instance's region.
 */
function jobScope(job: Job): RegionScope {
  const region = (job.data as { outboxRegion?: unknown } | undefined)?.outboxRegion;
  return { home: typeof region === 'string' ? region : null, regions: 'all', inherited: [] };
}
