import { Injectable, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ReadReplica, type ReplicaLag } from '../database/read-replica';
import { RedisConnections } from '../queues/redis-connections';

const PROBE_TIMEOUT_MS = 2_000;

/** A probe's answer: terminus' result and the HTTP status that goes with it. */
export interface ProbeAnswer {
  status: 200 | 503;
  body: HealthCheckResult;
}

/**
 * Liveness and readiness of a Tongban process (api or worker), through `@nestjs/terminus`.
 * Liveness asks nothing of PostgreSQL or Redis (an outage must not make an orchestrator restart
 * every copy); readiness needs `SELECT 1` and `PING` to answer within 2 s each.
 *
 * With a read replica (`DATABASE_READ_URL`) readiness needs it to answer too (the inbox and every list
 * read there), and reports it as `replica` with `lagSeconds`. Lag does not make a process unready:
 * every copy reads the same replica, so taking copies out would stop commands, which read and write
 * the primary, without making any list fresher; a list's staleness is bounded by the lag, and a
 * command on a task a stale list still shows answers 409.
 */
@Injectable()
export class ReadinessService implements OnApplicationShutdown {
  private redis?: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: RedisConnections,
    private readonly reads: ReadReplica,
  ) {}

  live(): Promise<ProbeAnswer> {
    return answer(this.health.check([]));
  }

  ready(): Promise<ProbeAnswer> {
    return answer(this.health.check([
      () => this.probe('database', () => this.dataSource.query('SELECT 1')),
      () => this.probe('redis', () => this.pingRedis()),
      ...(this.reads.separate ? [() => this.probeReplica()] : []),
    ]));
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  /** The replica answers, is a standby, and how far behind it is (reported, never a failure). */
  private probeReplica() {
    let lag: ReplicaLag | undefined;
    return this.probe('replica', async () => (lag = await this.reads.lag()), () => ({ standby: lag?.standby, lagSeconds: lag?.lagSeconds }));
  }

  private async probe<K extends string>(key: K, check: () => Promise<unknown>, details: () => Record<string, unknown> = () => ({})) {
    const session = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
        }),
      ]);
      return session.up(details());
    } catch (error) {
      return session.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
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

async function answer(check: Promise<HealthCheckResult>): Promise<ProbeAnswer> {
  try {
    return { status: 200, body: await check };
  } catch (error) {
    if (error instanceof ServiceUnavailableException) return { status: 503, body: error.getResponse() as HealthCheckResult };
    throw error;
  }
}
