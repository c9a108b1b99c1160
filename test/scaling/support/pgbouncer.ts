import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../apps/tongban/src/embedded/free-port';

/** Debian's `pgbouncer` package (`.ci/run` installs it). */
export const PGBOUNCER = '/usr/sbin/pgbouncer';

/** Whether PgBouncer is installed; says so when it is not. */
export function pgBouncerAvailable(): boolean {
  if (existsSync(PGBOUNCER)) return true;
  console.log(`${PGBOUNCER} is missing: the PgBouncer spec is skipped (apt-get install -y pgbouncer)`);
  return false;
}

export interface PgBouncer {
  /** `direct` with the pooler's port. */
  url: string;
  /** The pooler's admin console (`SHOW POOLS`, `SHOW SERVERS`), as the direct URL's user. */
  adminUrl: string;
  stop(): void;
}

/**
 * Starts PgBouncer on a free port in front of the server of `direct`, in `mode`, with at most
 * `serverConnections` connections to PostgreSQL for each database and user.
 */
export async function startPgBouncer(direct: URL, mode: 'session' | 'transaction', serverConnections: number): Promise<PgBouncer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongban-pgbouncer-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const ini = path.join(dir, 'pgbouncer.ini');
  const user = direct.username || 'postgres';
  writeFileSync(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${direct.hostname} port=${direct.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      `admin_users = ${user}`,
      `pool_mode = ${mode}`,
      `default_pool_size = ${serverConnections}`,
      `max_db_connections = ${serverConnections}`,
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits,options',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: as root, it switches to the postgres user
  const pooler: ChildProcess = spawn(PGBOUNCER, process.getuid?.() === 0 ? ['-u', 'postgres', ini] : [ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  pooler.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = () => {
    pooler.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  await listening(port).catch((error: Error) => {
    stop();
    throw new Error(`${error.message}; PgBouncer said: ${log.slice(-2000)}`);
  });
  const pooled = new URL(direct.toString());
  pooled.port = String(port);
  const admin = new URL(pooled.toString());
  admin.pathname = '/pgbouncer';
  return { url: pooled.toString(), adminUrl: admin.toString(), stop };
}

/** Resolves once something accepts connections on `port`. */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`PgBouncer did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
