import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from './free-port';
import type { EmbeddedService } from './embedded-postgres';

export interface EmbeddedRedisOptions {
  /** Directory for the append-only file; undefined keeps nothing on disk. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Called once redis-server is spawned. */
  onSpawned?: () => void;
}

export class RedisServerMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Install it (`apt-get install redis-server`), ' +
        'or point Tongban at a running Redis with REDIS_URL=redis://host:6379, ' +
        'or start everything with `docker compose up`.',
    );
    this.name = 'RedisServerMissingError';
  }
}

/**
 * Starts a private `redis-server` from PATH on a free loopback port, configured as Tongban needs it:
 * append-only file on, `maxmemory-policy noeviction` (BullMQ must never lose keys to eviction), and a
 * random password (`requirepass`) so that no other local process can read the queues.
 */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedService> {
  if (spawnSync('redis-server', ['--version']).error) throw new RedisServerMissingError();
  const port = await freePort();
  const password = randomBytes(24).toString('hex');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'noeviction', '--requirepass', password];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    args.push('--appendonly', 'yes', '--dir', dir);
  } else {
    args.push('--appendonly', 'no');
  }
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawned?.();
  const log = options.log ?? (() => undefined);
  child.stdout.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  await waitForPort(port, child);

  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPort(port: number, child: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((done) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not open port ${port}`);
}
