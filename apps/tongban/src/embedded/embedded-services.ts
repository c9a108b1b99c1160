import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedService } from './embedded-postgres';
import { startEmbeddedRedis } from './embedded-redis';

export interface ServiceUrls {
  databaseUrl: string;
  redisUrl: string;
  /** Stops whatever was started here; servers given by URL are left alone. */
  stop(): Promise<void>;
}

/**
 * Uses DATABASE_URL / REDIS_URL when set; otherwise starts an embedded PostgreSQL and a private
 * redis-server, both at once. `dataDir` keeps their data between runs; without it they start empty.
 * `onSpawned` is called once every server needed has its process (PostgreSQL's first, initdb on
 * empty data): from then on they start without this process, which may do other work meanwhile.
 */
export async function ensureServices(env: NodeJS.ProcessEnv, dataDir?: string, log?: (line: string) => void, onSpawned?: () => void): Promise<ServiceUrls> {
  const started: EmbeddedService[] = [];
  let waiting = (env.DATABASE_URL ? 0 : 1) + (env.REDIS_URL ? 0 : 1);
  const spawned = () => {
    if (--waiting === 0) onSpawned?.();
  };
  if (waiting === 0) onSpawned?.();
  const [database, redis] = await Promise.allSettled([
    env.DATABASE_URL ??
      startEmbeddedPostgres({ dataDir: dataDir ? `${dataDir}/postgres` : tempDir('pg'), persistent: !!dataDir, log, onSpawned: spawned }).then((service) => remember(started, service).url),
    env.REDIS_URL ?? startEmbeddedRedis({ dataDir: dataDir ? `${dataDir}/redis` : undefined, log, onSpawned: spawned }).then((service) => remember(started, service).url),
  ]);
  if (database.status === 'rejected' || redis.status === 'rejected') {
    await stopAll(started);
    throw database.status === 'rejected' ? database.reason : (redis as PromiseRejectedResult).reason;
  }
  return { databaseUrl: database.value, redisUrl: redis.value, stop: () => stopAll(started) };
}

function remember(list: EmbeddedService[], service: EmbeddedService): EmbeddedService {
  list.push(service);
  return service;
}

async function stopAll(services: EmbeddedService[]): Promise<void> {
  for (const service of services.reverse()) await service.stop().catch(() => undefined);
}

/** An empty directory of its own under tmpdir, removed whole when the server stops. */
function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `tongban-${name}-`));
}
