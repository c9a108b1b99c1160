import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Pool } from './pg-client';
import { pool, recreateDatabase, scenarioDatabase } from './database';
import { freePort } from '../../../apps/tongban/src/embedded/free-port';
import { PrivateRedis, redisDir } from './redis-server';
import { RestClient } from './rest-client';
import { logDirFor, TongbanProcess, type ProcessKind } from './tongban-process';

/** What the worker prints once its processors and relay run. */
export const WORKER_READY = /worker started/;

export interface StackOptions {
  /** Scenario name: the database is `tongban_<name>` (after `FAULTS_DB_PREFIX`), logs go to .tmp/faults/<name>/. */
  name: string;
  /** `separate`: one api and one worker process; `combined`: api with the worker inside. */
  shape?: 'separate' | 'combined';
  /** Extra environment for every Tongban process (e.g. TONGBAN_FAILPOINT). */
  env?: NodeJS.ProcessEnv;
  workerEnv?: NodeJS.ProcessEnv;
  apiEnv?: NodeJS.ProcessEnv;
  /** Use the machine's Redis at this URL instead of a private redis-server. */
  redisUrl?: string;
  redisAppendOnly?: boolean;
  /** How many api processes to run (the client spreads requests over them); `FAULTS_REPLICAS` or 1 unless told. */
  apiProcesses?: number;
  /** How many worker processes to run (`separate` shape); `FAULTS_REPLICAS` or 1 unless told. */
  workerProcesses?: number;
}

/** The replicas every scenario runs unless it says otherwise: `FAULTS_REPLICAS` (the CI runs 2). */
export const REPLICAS = Math.max(1, Number(process.env.FAULTS_REPLICAS) || 1);

/**
 * A fresh Tongban for one scenario: its own PostgreSQL database (recreated), a private redis-server
 * (unless told otherwise), an api process and a worker process from dist/, a REST client and a pool
 * for reading the truth straight from PostgreSQL.
 */
export class TongbanStack {
  api!: TongbanProcess;
  /** Every api process; `api` is the first. */
  apis: TongbanProcess[] = [];
  worker?: TongbanProcess;
  /** Every worker process; `worker` is the first. */
  workers: TongbanProcess[] = [];
  redis?: PrivateRedis;
  client!: RestClient;
  db!: Pool;
  databaseUrl!: string;
  env!: NodeJS.ProcessEnv;
  readonly database: string;
  readonly logDir: string;

  constructor(readonly options: StackOptions) {
    this.database = scenarioDatabase(`tongban_${options.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`);
    this.logDir = logDirFor(options.name);
  }

  static async start(options: StackOptions): Promise<TongbanStack> {
    const stack = new TongbanStack(options);
    try {
      await stack.boot();
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  get redisUrl(): string {
    return this.options.redisUrl ?? this.redis!.url;
  }

  private async boot(): Promise<void> {
    const { options } = this;
    rmSync(this.logDir, { recursive: true, force: true });
    this.databaseUrl = await recreateDatabase(this.database);
    if (!options.redisUrl) this.redis = await PrivateRedis.start(redisDir(this.logDir, 'data'), { appendOnly: options.redisAppendOnly });
    this.env = {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      TONGBAN_QUEUE_PREFIX: `faults-${options.name}-${randomBytes(3).toString('hex')}`,
      JWT_SECRET: randomBytes(24).toString('hex'),
      TONGBAN_DEMO: 'true',
      TONGBAN_WORKFLOWS_DIR: '',
      NODE_ENV: 'development',
      ...options.env,
    };
    const shape = options.shape ?? 'separate';
    const port = await freePort();
    const apiKind: ProcessKind = shape === 'combined' ? 'combined' : 'api';
    this.api = new TongbanProcess({ kind: apiKind, name: 'api', port, logDir: this.logDir, env: { ...this.env, ...options.apiEnv } });
    await this.api.start(startTimeoutMs());
    this.apis = [this.api];
    for (let i = 2; i <= (options.apiProcesses ?? REPLICAS); i++) {
      const another = new TongbanProcess({ kind: 'api', name: `api-${i}`, port: await freePort(), logDir: this.logDir, env: { ...this.env, ...options.apiEnv } });
      await another.start(startTimeoutMs());
      this.apis.push(another);
    }
    if (shape === 'separate') {
      for (let i = 1; i <= (options.workerProcesses ?? REPLICAS); i++) {
        const worker = new TongbanProcess({ kind: 'worker', name: i === 1 ? 'worker' : `worker-${i}`, logDir: this.logDir, env: { ...this.env, ...options.workerEnv }, readyPattern: WORKER_READY });
        await worker.start(startTimeoutMs());
        this.workers.push(worker);
      }
      this.worker = this.workers[0];
    }
    this.client = new RestClient(this.apis.map((api) => api.baseUrl), { maxSockets: 256 });
    this.db = pool(this.databaseUrl, { application_name: 'tongban-faults', max: 4 });
  }

  /** Every api and worker process of the stack. */
  get processes(): TongbanProcess[] {
    return [...this.apis, ...this.workers];
  }

  /** One line naming each process and whether it runs, and whether all do. */
  survival(): { all: boolean; summary: string } {
    const all = this.processes.every((process) => process.running);
    return { all, summary: this.processes.map((process) => `${process.options.name} ${process.running ? 'up' : 'down'}`).join(', ') };
  }

  /** Stops every process and Redis; the database is kept for inspection until the next run. */
  async close(): Promise<void> {
    this.client?.close();
    await Promise.allSettled([...this.apis.map((api) => api.close()), this.api?.close(), ...this.workers.map((worker) => worker.close())]);
    await this.redis?.stop();
    await this.db?.end().catch(() => undefined);
  }
}

/** How long a process may take to become ready: FAULTS_START_TIMEOUT_S (60 unless told; a loaded machine needs more). */
function startTimeoutMs(): number {
  return Number(process.env.FAULTS_START_TIMEOUT_S || 60) * 1000;
}
