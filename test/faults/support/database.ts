import { PgClient, PgPool, type Pool, type PoolConfig } from './pg-client';

/** The server the suite creates its own databases on: FAULTS_DATABASE_URL, else DATABASE_URL, else local. */
export function serverUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.FAULTS_DATABASE_URL || env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * The name of a database the suite or a benchmark creates: `FAULTS_DB_PREFIX` + `name`, so that
 * several checkouts running the same scenario on one PostgreSQL server do not drop each other's.
 */
export function scenarioDatabase(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${(env.FAULTS_DB_PREFIX ?? '').toLowerCase()}${name}`;
}

export function databaseUrl(name: string, server = serverUrl()): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops `name` (forcing its sessions off) and creates it empty; returns its URL. */
export async function recreateDatabase(name: string, server = serverUrl()): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new PgClient({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name, server);
}

export async function dropDatabase(name: string, server = serverUrl()): Promise<void> {
  const admin = new PgClient({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function pool(url: string, options: PoolConfig = {}): Pool {
  const created = new PgPool({ connectionString: url, max: 4, ...options });
  created.on('error', () => undefined);
  return created;
}

/**
 * Terminates the sessions on `database` whose application name or client matches, except the caller's.
 * Returns how many were terminated.
 */
export async function terminateBackends(admin: Pool, database: string, exceptApplication = 'tongban-faults'): Promise<number> {
  const result = await admin.query(
    `SELECT count(*)::int AS n FROM (
       SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND coalesce(application_name, '') <> $2
     ) terminated`,
    [database, exceptApplication],
  );
  return result.rows[0].n as number;
}
