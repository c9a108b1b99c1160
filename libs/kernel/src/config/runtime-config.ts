import { randomBytes } from 'node:crypto';

/** Settings of every Tongban process, read once from the environment. */
export interface RuntimeConfig {
  databaseUrl: string;
  /** When set, migrations run through this connection (the schema owner) and `databaseUrl` may be the least-privilege role `tongban_app`. */
  databaseMigrationUrl?: string;
  /** Connections of each process's pool (`DATABASE_POOL_SIZE`, default 10). */
  databasePoolSize: number;
  /**
   * `session` (default): `DATABASE_URL` reaches PostgreSQL, or a pooler in session mode.
   * `transaction`: it reaches a pooler in transaction mode (PgBouncer `pool_mode = transaction`), where
   * nothing may rely on a session: the region scope is set inside each transaction, and `LISTEN` and the
   * migrations' session lock use `databaseSessionUrl` (or `databaseMigrationUrl`, one of which is required).
   */
  databasePoolMode: 'session' | 'transaction';
  /** Named (server-side prepared) statements each pooled connection keeps in session pool mode (`DATABASE_PREPARED_STATEMENTS`, default 100; 0: none). */
  databasePreparedStatements: number;
  /** A connection with sessions (PostgreSQL itself) for `LISTEN` and the migration lock (`DATABASE_SESSION_URL`); without it behind a transaction pooler, the outbox relay only polls. */
  databaseSessionUrl?: string;
  /** A streaming replica for lists and supervision queries (`DATABASE_READ_URL`); absent, they read the primary. */
  databaseReadUrl?: string;
  redisUrl: string;
  /**
   * Redis Cluster seed nodes (`REDIS_CLUSTER_NODES=host:port,host:port,…`): every connection is a
   * cluster connection (credentials from `REDIS_URL` when it carries them), and the queue prefix must
   * be a hash tag (`{tongban}`) so that each BullMQ queue's keys, and Tongban's own, share a slot.
   */
  redisClusterNodes?: { host: string; port: number }[];
  /**
   * Redis Sentinel (`REDIS_SENTINELS=host:port,…`, the monitored primary's name in `REDIS_SENTINEL_NAME`):
   * every connection asks the sentinels for the current primary and follows a failover; the password
   * (and user) of the primary come from `REDIS_URL`, whose host is then not used.
   */
  redisSentinels?: { host: string; port: number }[];
  redisSentinelName?: string;
  port: number;
  jwtSecret: string;
  /** Demo mode seeds demo users and the demo API key; off in production. */
  demo: boolean;
  production: boolean;
  /** Every `*.bpmn` under this folder is deployed at api start, idempotently. */
  workflowsDir?: string;
  /** BullMQ key prefix, plain (`tongban`) or a hash tag (`{tongban}`, required on a Redis Cluster); also the namespace of this deployment's outbox rows. */
  queuePrefix: string;
  /** When set, an `admin` account with this password is created at start if missing (production bootstrap); required in production. */
  adminPassword?: string;
  /** 催办: at most one urge per task within this many seconds (`TONGBAN_URGE_INTERVAL_SECONDS`). */
  urgeIntervalSeconds: number;
  /** Serve the OpenAPI document and UI at `/api/docs` (`TONGBAN_API_DOCS`, off in production unless turned on). */
  apiDocs: boolean;
  /** Port of the operations listener serving `/metrics`, `/health/live` and `/health/ready` (`TONGBAN_METRICS_PORT`, default 9464; `off` or unset under NODE_ENV=test: none). */
  metricsPort?: number;
  /** Least severe log level written (`TONGBAN_LOG_LEVEL`, default `info`; `warn` under NODE_ENV=test). */
  logLevel: LogLevel;
  /** `json` (one object a line) or `pretty` (coloured text for people) (`TONGBAN_LOG_FORMAT`, default `pretty` outside production, `json` in production). */
  logFormat: 'json' | 'pretty';
  /** OpenTelemetry tracing: spans are sent to this OTLP/HTTP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`); off when unset. */
  otlpEndpoint?: string;
  /** The service name of this process' spans (`OTEL_SERVICE_NAME`; default `tongban-api`, `tongban-worker`, or `tongban` for both in one process). */
  serviceName?: string;
  /**
   * The regions whose outbox rows this process' relay publishes, one claim per region with the region in
   * its WHERE (`TONGBAN_RELAY_REGIONS`, the shape a Citus cluster routes to one shard; a relay per region
   * or group of regions). Unset: one claim over every region (one PostgreSQL).
   */
  relayRegions?: string[];
  /** Published outbox rows older than this many days are deleted (`TONGBAN_OUTBOX_RETENTION_DAYS`, default 7, at least 2: Redis-loss recovery re-publishes the last day). */
  outboxRetentionDays: number;
  /** History rows of instances ended more than this many days ago are deleted (`TONGBAN_HISTORY_RETENTION_DAYS`); kept for ever when unset. */
  historyRetentionDays?: number;
  /** Identity audit rows older than this many days are deleted (`TONGBAN_AUDIT_RETENTION_DAYS`, default 365, at least 180). */
  auditRetentionDays: number;
  /** The built browser UI to serve at `/` (`TONGBAN_WEB_DIR`, default `dist/web`). */
  webDir?: string;
  /** Pace of the worker's repair sweep in ms (`TONGBAN_SWEEP_MS`, default 1000, at least 100). */
  sweepMs: number;
  /** Published outbox rows younger than this many ms are left to BullMQ by the stranded-work recovery (`TONGBAN_STRANDED_GRACE_MS`, default 15000). */
  strandedGraceMs: number;
  /** The catalogue is seeded from this folder (`TONGBAN_CATALOG_DIR`, default `TONGBAN_WORKFLOWS_DIR`, in demo mode `./workflows`). */
  catalogDir?: string;
  /** Interface the api listens on (`HOST`; default 127.0.0.1 in demo mode, else 0.0.0.0). */
  host?: string;
  /** Most inner instances of one multi-instance activity (`TONGBAN_MAX_CARDINALITY`, default 1000); more raise an incident. */
  maxCardinality: number;
  /** Deepest nesting of called instances (`TONGBAN_MAX_CALL_DEPTH`, default 32); a deeper call raises an incident. */
  maxCallDepth: number;
  /** Copies of the api sharing its port under a Node cluster primary (`TONGBAN_API_PROCESSES`, default 1: no primary). */
  apiProcesses: number;
  /**
   * Group commit of concurrent task completions (`TONGBAN_GROUP_COMMIT`, off by default): at most
   * `slots` of their transactions run at once (the pool but two connections, which stay for the
   * reads, starts and sign-ins of the same process); completions arriving while all are busy wait, and those waiting when a slot frees run
   * together in one transaction, at most `max` of them (`TONGBAN_GROUP_COMMIT_MAX`, default 32).
   * Absent (the default): each completion is a transaction of its own.
   */
  groupCommit?: { slots: number; max: number };
  /**
   * Most job messages the outbox relay puts in one BullMQ job of a `jobs.<type>` queue (`TONGBAN_JOB_GROUP_SIZE`,
   * default 1: one BullMQ job per job message). Above 1 the messages of one type published in one batch travel in
   * groups, which only department workers whose `createJobWorker` understands groups can run.
   */
  jobGroupSize: number;
  /**
   * The job types whose messages travel in groups when `jobGroupSize` is above 1 (`TONGBAN_JOB_GROUP_TYPES`, comma
   * separated); unset: every type. A type served over REST only is best left out: no department worker takes its
   * groups, and a group cannot be taken off its queue one message at a time as its jobs are completed.
   */
  jobGroupTypes?: string[];
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

function parseCount(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > max) throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return count;
}

function parseNodes(name: string, value: string | undefined): { host: string; port: number }[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((node) => {
    const match = /^\s*([A-Za-z0-9.:_[\]-]+):(\d{1,5})\s*$/.exec(node);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) throw new ConfigError(`${name} must list host:port pairs separated by commas, got "${node}"`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

/** A list of region codes separated by commas; undefined when unset or empty. */
/** A comma-separated list, each entry trimmed, empty ones and repeats left out; `undefined` when nothing is listed. */
function parseList(value: string | undefined): string[] | undefined {
  const entries = [...new Set((value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean))];
  return entries.length > 0 ? entries : undefined;
}

function parseRegions(name: string, value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const regions = value.split(',').map((region) => region.trim());
  const bad = regions.find((region) => !/^[A-Za-z0-9_.-]+$/.test(region));
  if (bad !== undefined) throw new ConfigError(`${name} must list region codes (letters, digits, "_", "." and "-") separated by commas, got "${bad}"`);
  return [...new Set(regions)];
}

function parseDays(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined || value === '') return fallback;
  const days = Number(value);
  if (!Number.isInteger(days) || days < minimum) throw new ConfigError(`${name} must be a whole number of days, at least ${minimum}, got "${value}"`);
  return days;
}

function parseMilliseconds(name: string, value: string | undefined, fallback: number, minimum: number): number {
  if (value === undefined || value === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < minimum) throw new ConfigError(`${name} must be a whole number of milliseconds, at least ${minimum}, got "${value}"`);
  return ms;
}

function parseMetricsPort(value: string | undefined, test: boolean): number | undefined {
  if (value === undefined || value === '') return test ? undefined : 9464;
  if (/^(off|false|no)$/i.test(value)) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`TONGBAN_METRICS_PORT must be a port number or off, got "${value}"`);
  return port;
}

function parseChoice<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
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

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Reads and validates the environment; throws `ConfigError` naming the first bad variable. */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const production = env.NODE_ENV === 'production';
  const test = env.NODE_ENV === 'test';
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
  if (!/^([A-Za-z0-9_.-]+|\{[A-Za-z0-9_.-]+\})$/.test(queuePrefix)) {
    throw new ConfigError(`TONGBAN_QUEUE_PREFIX may use letters, digits, "_", "." and "-" only, optionally inside one pair of braces (a Redis Cluster hash tag)`);
  }
  const redisClusterNodes = parseNodes('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES);
  if (redisClusterNodes && !queuePrefix.startsWith('{')) {
    throw new ConfigError(`REDIS_CLUSTER_NODES needs TONGBAN_QUEUE_PREFIX to be a hash tag such as {${queuePrefix}}: a BullMQ queue's keys must share one cluster slot`);
  }
  const redisSentinels = parseNodes('REDIS_SENTINELS', env.REDIS_SENTINELS);
  if (redisSentinels && redisClusterNodes) throw new ConfigError('REDIS_SENTINELS and REDIS_CLUSTER_NODES exclude each other: Sentinel watches one primary, a cluster has several');
  const redisSentinelName = env.REDIS_SENTINEL_NAME || 'mymaster';
  if (!/^[A-Za-z0-9_.-]+$/.test(redisSentinelName)) throw new ConfigError(`REDIS_SENTINEL_NAME may use letters, digits, "_", "." and "-" only, got "${redisSentinelName}"`);
  const databasePoolMode = env.DATABASE_POOL_MODE || 'session';
  if (databasePoolMode !== 'session' && databasePoolMode !== 'transaction') throw new ConfigError(`DATABASE_POOL_MODE must be session or transaction, got "${databasePoolMode}"`);
  if (databasePoolMode === 'transaction' && !env.DATABASE_SESSION_URL && !env.DATABASE_MIGRATION_URL) {
    throw new ConfigError('DATABASE_POOL_MODE=transaction needs DATABASE_SESSION_URL (or DATABASE_MIGRATION_URL): the migrations\' session lock cannot be held through a transaction pooler; name a direct PostgreSQL connection');
  }
  const databasePoolSize = parseCount('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10, 500);
  const databasePreparedStatements = env.DATABASE_PREPARED_STATEMENTS === '0' ? 0 : parseCount('DATABASE_PREPARED_STATEMENTS', env.DATABASE_PREPARED_STATEMENTS, 100, 1000);
  return {
    databaseUrl: parseUrl('DATABASE_URL', env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', ['postgres:', 'postgresql:']),
    ...(env.DATABASE_MIGRATION_URL && { databaseMigrationUrl: parseUrl('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL, ['postgres:', 'postgresql:']) }),
    databasePoolSize,
    databasePoolMode,
    databasePreparedStatements,
    ...(env.DATABASE_SESSION_URL && { databaseSessionUrl: parseUrl('DATABASE_SESSION_URL', env.DATABASE_SESSION_URL, ['postgres:', 'postgresql:']) }),
    ...(env.DATABASE_READ_URL && { databaseReadUrl: parseUrl('DATABASE_READ_URL', env.DATABASE_READ_URL, ['postgres:', 'postgresql:']) }),
    redisUrl,
    ...(redisClusterNodes && { redisClusterNodes }),
    ...(redisSentinels && { redisSentinels, redisSentinelName }),
    port: parsePort(env.PORT),
    jwtSecret,
    demo,
    production,
    workflowsDir: env.TONGBAN_WORKFLOWS_DIR || undefined,
    queuePrefix,
    adminPassword: env.TONGBAN_ADMIN_PASSWORD || undefined,
    urgeIntervalSeconds: parseSeconds('TONGBAN_URGE_INTERVAL_SECONDS', env.TONGBAN_URGE_INTERVAL_SECONDS, 3600),
    apiDocs: parseBoolean('TONGBAN_API_DOCS', env.TONGBAN_API_DOCS, !production),
    ...optional('metricsPort', parseMetricsPort(env.TONGBAN_METRICS_PORT, test)),
    logLevel: parseChoice('TONGBAN_LOG_LEVEL', env.TONGBAN_LOG_LEVEL, LOG_LEVELS, test ? 'warn' : 'info'),
    logFormat: parseChoice('TONGBAN_LOG_FORMAT', env.TONGBAN_LOG_FORMAT, ['json', 'pretty'] as const, production || test ? 'json' : 'pretty'),
    ...optional('otlpEndpoint', env.OTEL_EXPORTER_OTLP_ENDPOINT ? parseUrl('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT, ['http:', 'https:']) : undefined),
    ...optional('serviceName', env.OTEL_SERVICE_NAME || undefined),
    ...optional('relayRegions', parseRegions('TONGBAN_RELAY_REGIONS', env.TONGBAN_RELAY_REGIONS)),
    outboxRetentionDays: parseDays('TONGBAN_OUTBOX_RETENTION_DAYS', env.TONGBAN_OUTBOX_RETENTION_DAYS, 7, 2),
    ...optional('historyRetentionDays', env.TONGBAN_HISTORY_RETENTION_DAYS ? parseDays('TONGBAN_HISTORY_RETENTION_DAYS', env.TONGBAN_HISTORY_RETENTION_DAYS, 0, 1) : undefined),
    auditRetentionDays: parseDays('TONGBAN_AUDIT_RETENTION_DAYS', env.TONGBAN_AUDIT_RETENTION_DAYS, 365, 180),
    ...optional('webDir', env.TONGBAN_WEB_DIR || undefined),
    ...optional('host', env.HOST || undefined),
    sweepMs: parseMilliseconds('TONGBAN_SWEEP_MS', env.TONGBAN_SWEEP_MS, 1_000, 100),
    strandedGraceMs: parseMilliseconds('TONGBAN_STRANDED_GRACE_MS', env.TONGBAN_STRANDED_GRACE_MS, 15_000, 0),
    ...optional('catalogDir', env.TONGBAN_CATALOG_DIR || undefined),
    maxCardinality: parseCount('TONGBAN_MAX_CARDINALITY', env.TONGBAN_MAX_CARDINALITY, 1000, 1_000_000),
    maxCallDepth: parseCount('TONGBAN_MAX_CALL_DEPTH', env.TONGBAN_MAX_CALL_DEPTH, 32, 1000),
    apiProcesses: parseCount('TONGBAN_API_PROCESSES', env.TONGBAN_API_PROCESSES, 1, 64),
    ...optional('groupCommit', groupCommitOf(env, databasePoolSize)),
    jobGroupSize: parseCount('TONGBAN_JOB_GROUP_SIZE', env.TONGBAN_JOB_GROUP_SIZE, 1, 256),
    ...optional('jobGroupTypes', parseList(env.TONGBAN_JOB_GROUP_TYPES)),
  };
}

/** `TONGBAN_GROUP_COMMIT` and `TONGBAN_GROUP_COMMIT_MAX`; the pool's connections but two for the grouped transactions. */
function groupCommitOf(env: NodeJS.ProcessEnv, poolSize: number): RuntimeConfig['groupCommit'] {
  const max = parseCount('TONGBAN_GROUP_COMMIT_MAX', env.TONGBAN_GROUP_COMMIT_MAX, 32, 256);
  if (!parseBoolean('TONGBAN_GROUP_COMMIT', env.TONGBAN_GROUP_COMMIT, false)) return undefined;
  return { slots: Math.max(1, poolSize - 2), max };
}
