import { randomBytes } from 'node:crypto';

/** Settings of every Tongban process, read once from the environment. */
export interface RuntimeConfig {
  databaseUrl: string;
  /** When set, migrations run through this connection (the schema owner) and `databaseUrl` may be the least-privilege role `tongban_app`. */
  databaseMigrationUrl?: string;
  redisUrl: string;
  port: number;
  jwtSecret: string;
  /** Demo mode seeds demo users and the demo API key; off in production. */
  demo: boolean;
  production: boolean;
  /** Every `*.bpmn` under this folder is deployed at api start, idempotently. */
  workflowsDir?: string;
  /** BullMQ key prefix; also the namespace of this deployment's outbox rows. */
  queuePrefix: string;
  /** When set, an `admin` account with this password is created at start if missing (production bootstrap); required in production. */
  adminPassword?: string;
  /** 催办: at most one urge per task within this many seconds (`TONGBAN_URGE_INTERVAL_SECONDS`). */
  urgeIntervalSeconds: number;
  /** Serve the OpenAPI document and UI at `/api/docs` (`TONGBAN_API_DOCS`, off in production unless turned on). */
  apiDocs: boolean;
  /** Most inner instances of one multi-instance activity (`TONGBAN_MAX_CARDINALITY`, default 1000); more raise an incident. */
  maxCardinality: number;
  /** Deepest nesting of called instances (`TONGBAN_MAX_CALL_DEPTH`, default 32); a deeper call raises an incident. */
  maxCallDepth: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

let demoSecret: string | undefined;

/** The per-process secret used to sign tokens in demo mode when `JWT_SECRET` is unset. */
function processDemoSecret(): string {
  demoSecret ??= randomBytes(32).toString('hex');
  return demoSecret;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${value}"`);
  return port;
}

function parseSeconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) throw new ConfigError(`${name} must be a whole number of seconds, got "${value}"`);
  return seconds;
}

function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new ConfigError(`${name} must be a positive whole number, got "${value}"`);
  return count;
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${value}"`);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  return value;
}

/** Reads and validates the environment; throws `ConfigError` naming the first bad variable. */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const production = env.NODE_ENV === 'production';
  const demo = parseBoolean('TONGBAN_DEMO', env.TONGBAN_DEMO, !production);
  if (production && demo) throw new ConfigError('TONGBAN_DEMO=true is refused when NODE_ENV=production: demo accounts have well-known passwords');
  if (production && !env.TONGBAN_ADMIN_PASSWORD) throw new ConfigError('TONGBAN_ADMIN_PASSWORD is required when NODE_ENV=production');
  const jwtSecret = env.JWT_SECRET || (production ? undefined : processDemoSecret());
  if (!jwtSecret) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (production && jwtSecret.length < 16) throw new ConfigError('JWT_SECRET must be at least 16 characters');
  const redisUrl = parseUrl('REDIS_URL', env.REDIS_URL || 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);
  if (production && !new URL(redisUrl).password && !parseBoolean('TONGBAN_ALLOW_REDIS_WITHOUT_PASSWORD', env.TONGBAN_ALLOW_REDIS_WITHOUT_PASSWORD, false)) {
    throw new ConfigError('REDIS_URL needs a password when NODE_ENV=production (redis://:password@host:6379, Redis with requirepass or an ACL user); set TONGBAN_ALLOW_REDIS_WITHOUT_PASSWORD=true only when Redis is reachable by nothing else');
  }
  const queuePrefix = env.TONGBAN_QUEUE_PREFIX || 'tongban';
  if (!/^[A-Za-z0-9_.-]+$/.test(queuePrefix)) throw new ConfigError(`TONGBAN_QUEUE_PREFIX may use letters, digits, "_", "." and "-" only`);
  return {
    databaseUrl: parseUrl('DATABASE_URL', env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', ['postgres:', 'postgresql:']),
    ...(env.DATABASE_MIGRATION_URL && { databaseMigrationUrl: parseUrl('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL, ['postgres:', 'postgresql:']) }),
    redisUrl,
    port: parsePort(env.PORT),
    jwtSecret,
    demo,
    production,
    workflowsDir: env.TONGBAN_WORKFLOWS_DIR || undefined,
    queuePrefix,
    adminPassword: env.TONGBAN_ADMIN_PASSWORD || undefined,
    urgeIntervalSeconds: parseSeconds('TONGBAN_URGE_INTERVAL_SECONDS', env.TONGBAN_URGE_INTERVAL_SECONDS, 3600),
    apiDocs: parseBoolean('TONGBAN_API_DOCS', env.TONGBAN_API_DOCS, !production),
    maxCardinality: parseCount('TONGBAN_MAX_CARDINALITY', env.TONGBAN_MAX_CARDINALITY, 1000),
    maxCallDepth: parseCount('TONGBAN_MAX_CALL_DEPTH', env.TONGBAN_MAX_CALL_DEPTH, 32),
  };
}
