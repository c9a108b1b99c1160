import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService, type CalendarCoverage } from '@tongban/catalog';
import { RedisConnections } from '@tongban/runtime';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

const PROBE_TIMEOUT_MS = 2_000;

export interface DependencyHealth {
  status: 'ok' | 'error';
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'error';
  database: DependencyHealth;
  redis: DependencyHealth;
  /** Whether the working-day calendar knows the coming days; a warning does not make the api unhealthy. */
  calendar?: CalendarCoverage;
}

/** Probes PostgreSQL (`SELECT 1`) and Redis (`PING`) with a short timeout each, and reports how far the working-day calendar reaches. */
@Injectable()
export class HealthService implements OnApplicationShutdown {
  private redis?: Redis;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: RedisConnections,
    private readonly calendars: CalendarService,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.pingRedis()),
    ]);
    const calendar = database.status === 'ok' ? await this.calendars.coverage().catch(() => undefined) : undefined;
    return { status: database.status === 'ok' && redis.status === 'ok' ? 'ok' : 'error', database, redis, ...(calendar ? { calendar } : {}) };
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  private async pingRedis(): Promise<unknown> {
    this.redis ??= this.connections.createProbe();
    const redis = this.redis;
    if (redis.status === 'wait' || redis.status === 'connecting' || redis.status === 'connect') {
      await new Promise<void>((resolve, reject) => {
        redis.once('ready', resolve);
        redis.once('error', reject);
      });
    }
    return redis.ping();
  }
}

async function probe(check: () => Promise<unknown>): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'error', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
