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
 * redis-server. `dataDir` keeps their data between runs; without it they start empty.
 */
export async function ensureServices(env: NodeJS.ProcessEnv, dataDir?: string, log?: (line: string) => void): Promise<ServiceUrls> {
  const started: EmbeddedService[] = [];
  try {
    const databaseUrl =
      env.DATABASE_URL ??
      remember(started, await startEmbeddedPostgres({ dataDir: dataDir ? `${dataDir}/postgres` : tempDir('pg'), persistent: !!dataDir, log })).url;
    const redisUrl =
      env.REDIS_URL ?? remember(started, await startEmbeddedRedis({ dataDir: dataDir ? `${dataDir}/redis` : undefined, log })).url;
    return { databaseUrl, redisUrl, stop: () => stopAll(started) };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
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
