import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../apps/tongban/src/embedded/free-port';

/** Debian's PostgreSQL 15 server binaries (`postgresql-15`). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** Whether the server binaries are installed; says so when they are not. */
export function postgresBinariesAvailable(): boolean {
  if (['initdb', 'postgres', 'pg_basebackup'].every((name) => existsSync(path.join(POSTGRES_BIN, name)))) return true;
  console.log(`${POSTGRES_BIN} is missing: the read replica spec is skipped (apt-get install -y postgresql-15)`);
  return false;
}

/** A private primary and its hot standby on loopback, the standby streaming the primary's WAL. */
export interface StreamingPair {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` of the primary. */
  primaryUrl: string;
  /** The same database on the standby. */
  standbyUrl: string;
  /** A superuser session on the standby (to pause and resume replay, to read `pg_stat_activity`). */
  standby: Client;
  /** A superuser session on the primary. */
  primary: Client;
  /** Stops replaying WAL on the standby (it keeps receiving it): the standby's data stands still. */
  pauseReplay(): Promise<void>;
  /** Replays again, and waits until everything the primary has written is visible on the standby. */
  resumeReplay(): Promise<void>;
  /** Stops the standby's server (fast shutdown). */
  stopStandby(): Promise<void>;
  stop(): Promise<void>;
}

interface Server {
  child: ChildProcess;
  log: () => string;
}

/**
 * initdb a primary in a temporary directory, create `database` on it (with pg_stat_statements), clone it with
 * `pg_basebackup -R` (which writes `standby.signal` and `primary_conninfo`) and start the clone as a
 * hot standby. Under root both run as the `postgres` system user, which PostgreSQL requires.
 */
export async function startStreamingPair(database: string): Promise<StreamingPair> {
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'tongban-replica-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const primaryDir = path.join(dir, 'primary');
  const standbyDir = path.join(dir, 'standby');
  const servers: Server[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((server) => stopServer(server.child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(user, 'initdb', [`--pgdata=${primaryDir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C']);
    const primaryPort = await freePort();
    servers.push(await startServer(user, primaryDir, primaryPort, ['-c', 'wal_level=replica', '-c', 'max_wal_senders=4']));
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const owner = new Client({ connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/${database}` });
    await owner.connect();
    await owner.query('CREATE EXTENSION pg_stat_statements');
    await owner.end();

    run(user, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast']);
    const standbyPort = await freePort();
    const standbyServer = await startServer(user, standbyDir, standbyPort, ['-c', 'hot_standby=on']);
    servers.push(standbyServer);

    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${database}`;
    const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/${database}`;
    const primary = new Client({ connectionString: primaryUrl });
    const standby = new Client({ connectionString: standbyUrl });
    await primary.connect();
    await standby.connect();
    const caughtUp = async () => {
      const [{ lsn }] = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows;
      for (let i = 0; i < 300; i++) {
        const [{ replayed }] = (await standby.query<{ replayed: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS replayed', [lsn])).rows;
        if (replayed) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the standby did not replay up to ${lsn} within 30 s`);
    };
    return {
      primaryUrl,
      standbyUrl,
      primary,
      standby,
      async pauseReplay() {
        await standby.query('SELECT pg_wal_replay_pause()');
        for (let i = 0; i < 300; i++) {
          const [{ state }] = (await standby.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state')).rows;
          if (state === 'paused') return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error('the standby did not pause its replay within 6 s');
      },
      async resumeReplay() {
        await standby.query('SELECT pg_wal_replay_resume()');
        await caughtUp();
      },
      async stopStandby() {
        await standby.end().catch(() => undefined);
        await stopServer(standbyServer.child);
      },
      async stop() {
        await Promise.all([primary.end().catch(() => undefined), standby.end().catch(() => undefined)]);
        await stopAll();
      },
    };
  } catch (error) {
    const logs = servers.map((server) => server.log().slice(-1500)).join('\n---\n');
    await stopAll();
    throw new Error(`${(error as Error).message}${logs ? `\nserver output:\n${logs}` : ''}`, { cause: error });
  }
}

interface PostgresUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user (Debian's PostgreSQL package creates it). */
function postgresUser(): PostgresUser {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, the private PostgreSQL servers need a `postgres` user');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(user: PostgresUser | undefined, binary: string, args: string[]): void {
  const result = spawnSync(path.join(POSTGRES_BIN, binary), args, { ...user, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${binary} failed (exit ${result.status}): ${(result.stderr || result.stdout || String(result.error)).trim().slice(-2000)}`);
}

/**
 * Starts a server on `port` (loopback, no socket directory, fsync off: the data is thrown away;
 * pg_stat_statements loaded, to count where statements ran) and waits until it accepts connections.
 */
function startServer(user: PostgresUser | undefined, dataDir: string, port: number, settings: string[]): Promise<Server> {
  const child = spawn(
    path.join(POSTGRES_BIN, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=100', '-c', 'shared_preload_libraries=pg_stat_statements', ...settings],
    { ...user, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const server: Server = { child, log: () => output };
  return new Promise((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready to accept')) ready(server);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('close', (code) => fail(new Error(`PostgreSQL on ${port} exited (code ${code}) before accepting connections: ${output.trim().slice(-2000)}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('close', () => done());
    child.kill('SIGINT');
  });
}
