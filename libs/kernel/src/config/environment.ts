/** One environment variable a Tongban process reads: its default and what it does. */
export interface EnvironmentVariable {
  name: string;
  default: string;
  description: string;
}

/**
 * Every environment variable Tongban reads, with its default. The runtime's are validated by
 * `loadRuntimeConfig`, sign-in's by identity's `loadIdentityConfig`, webhooks' and ratings' by the
 * catalog's loaders, all at start; the README's configuration table lists exactly these.
 */
export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'NODE_ENV', default: '(unset)', description: '`production` turns demo mode off and requires `JWT_SECRET` and `TONGBAN_ADMIN_PASSWORD`' },
  { name: 'DATABASE_URL', default: 'embedded PostgreSQL (`npm start`); `postgres://postgres@127.0.0.1:5432/test` otherwise', description: 'PostgreSQL of the processes (in production the least-privilege role `tongban_app`)' },
  { name: 'DATABASE_MIGRATION_URL', default: '`DATABASE_URL`', description: 'PostgreSQL connection of the schema owner, used for migrations only' },
  { name: 'DATABASE_POOL_SIZE', default: '10', description: 'Connections in the pool of each process' },
  { name: 'DATABASE_POOL_MODE', default: 'session', description: '`session`: PostgreSQL or PgBouncer in `pool_mode = session`, region scopes are session settings; `transaction`: PgBouncer in `pool_mode = transaction`, region scopes are set inside every transaction (needs `DATABASE_SESSION_URL` or `DATABASE_MIGRATION_URL`)' },
  { name: 'DATABASE_SESSION_URL', default: '(unset)', description: 'A direct PostgreSQL connection (no pooler, or one in session mode) for the migration lock when `DATABASE_MIGRATION_URL` is unset, and for the outbox relay\'s LISTEN in transaction pool mode' },
  { name: 'REDIS_URL', default: 'private `redis-server` (`npm start`); `redis://127.0.0.1:6379` otherwise', description: 'Redis of the BullMQ queues; put the password in the URL (`redis://:password@host:6379`)' },
  { name: 'REDIS_CLUSTER_NODES', default: '(unset)', description: 'Redis Cluster seed nodes `host:port,…`; the queue prefix must then be a hash tag such as `{tongban}`' },
  { name: 'REDIS_SENTINELS', default: '(unset)', description: 'Redis Sentinel nodes `host:port,…`: connections go to the primary they name and follow a failover (password from `REDIS_URL`)' },
  { name: 'REDIS_SENTINEL_NAME', default: 'mymaster', description: 'The primary\'s name the sentinels monitor (`sentinel monitor <name> …`)' },
  { name: 'TONGBAN_ALLOW_REDIS_WITHOUT_PASSWORD', default: 'false', description: 'Production accepts a `REDIS_URL` without a password' },
  { name: 'PORT', default: '3000', description: 'HTTP port of the api' },
  { name: 'HOST', default: '127.0.0.1 in demo mode, 0.0.0.0 in production', description: 'Interface the api listens on' },
  { name: 'JWT_SECRET', default: 'random per process in demo mode; required in production', description: 'Secret signing access tokens and queue board passes (16 characters or more)' },
  { name: 'TONGBAN_DEMO', default: 'true outside production', description: 'Seeds demo users and the demo API key; refused in production' },
  { name: 'TONGBAN_ADMIN_PASSWORD', default: '(unset); required in production', description: 'Creates the `admin` account with this password at start when it is missing' },
  { name: 'TONGBAN_WORKFLOWS_DIR', default: '`./workflows` with `npm start`; unset in the image', description: 'Every `*.bpmn` below it is deployed at start; also the catalogue folder. Unset: nothing deployed (the demo catalogue is opt-in)' },
  { name: 'TONGBAN_CATALOG_DIR', default: '`TONGBAN_WORKFLOWS_DIR`; `./workflows` in demo mode', description: 'Folder whose `catalog/` seeds the service item catalogue' },
  { name: 'TONGBAN_DATA_DIR', default: '`./data`', description: '`npm start` on embedded defaults: where the embedded PostgreSQL and Redis keep their data' },
  { name: 'TONGBAN_WEB_DIR', default: '`dist/web`', description: 'The built browser UI served at `/`' },
  { name: 'TONGBAN_QUEUE_PREFIX', default: 'tongban', description: 'BullMQ key prefix and outbox namespace of this deployment' },
  { name: 'TONGBAN_API_DOCS', default: 'true outside production, false in production', description: 'Serves the OpenAPI document and UI at `/api/docs`' },
  { name: 'TONGBAN_URGE_INTERVAL_SECONDS', default: '3600', description: '催办: at most one urge per task within this many seconds' },
  { name: 'TONGBAN_METRICS_PORT', default: '9464 (off under NODE_ENV=test)', description: 'Operations port of every api and worker: `/metrics`, `/health/live`, `/health/ready`; `off` disables it; with `TONGBAN_API_PROCESSES` above 1 the copies take this port and the next ones' },
  { name: 'TONGBAN_API_PROCESSES', default: '1', description: 'Copies of the api (`npm start`, the api image) sharing its port under a Node cluster primary that restarts a copy that dies; up to 64, e.g. one per core' },
  { name: 'TONGBAN_API_PROCESS_INDEX', default: '(set by the cluster primary)', description: 'Which copy of the api this is, 1 to `TONGBAN_API_PROCESSES`; under `npm start` copy 1 also runs the worker. Not to be set by hand' },
  { name: 'TONGBAN_LOG_LEVEL', default: 'info (warn under NODE_ENV=test)', description: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'TONGBAN_LOG_FORMAT', default: 'pretty outside production, json in production', description: '`json`: one JSON object a line; `pretty`: text for people' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: '(unset: tracing off)', description: 'OTLP/HTTP collector base URL; spans go to `<url>/v1/traces`' },
  { name: 'OTEL_SERVICE_NAME', default: 'tongban-api, tongban-worker, tongban (`npm start`)', description: 'Service name of the spans' },
  { name: 'TONGBAN_RELAY_REGIONS', default: '(unset: every region)', description: 'Regions whose outbox rows this process publishes, `code,…`: one claim per region with the region in its WHERE, as a Citus cluster sharded by region routes to one shard (a relay per region or group of regions); unset, one claim over every region' },
  { name: 'TONGBAN_OUTBOX_RETENTION_DAYS', default: '7', description: 'Published outbox rows older than this are deleted (at least 2)' },
  { name: 'TONGBAN_HISTORY_RETENTION_DAYS', default: '(unset: kept for ever)', description: 'History of instances ended longer ago than this is deleted' },
  { name: 'TONGBAN_AUDIT_RETENTION_DAYS', default: '365', description: 'Identity audit rows older than this are deleted (at least 180, enforced by the database too)' },
  { name: 'TONGBAN_SWEEP_MS', default: '1000', description: 'Pace of the worker\'s repair sweep (timers, stranded work, Redis loss)' },
  { name: 'TONGBAN_STRANDED_GRACE_MS', default: '15000', description: 'Published work younger than this is left to BullMQ before it counts as stranded' },
  { name: 'TONGBAN_ACCESS_TOKEN_TTL', default: '900', description: 'Lifetime of an access token, seconds' },
  { name: 'TONGBAN_REFRESH_TOKEN_TTL', default: '43200', description: 'Lifetime of a refresh token, seconds' },
  { name: 'TONGBAN_PASSWORD_MIN_LENGTH', default: '12', description: 'Shortest password accepted' },
  { name: 'TONGBAN_LOGIN_MAX_FAILURES', default: '5', description: 'Failed sign-ins before an account is locked' },
  { name: 'TONGBAN_LOGIN_LOCKOUT_SECONDS', default: '60', description: 'First lockout, doubled each time up to an hour' },
  { name: 'TONGBAN_LOGIN_IP_LIMIT', default: '30', description: 'Sign-in attempts per client address and window' },
  { name: 'TONGBAN_LOGIN_IP_WINDOW_SECONDS', default: '60', description: 'Window of the per-address sign-in limit' },
  { name: 'TONGBAN_API_KEY_GRACE_SECONDS', default: '86400', description: 'How long a rotated API key keeps working' },
  { name: 'TONGBAN_ADMIN_TOTP', default: 'true in production', description: 'Admins must sign in with a TOTP code' },
  { name: 'TONGBAN_SESSION_CACHE_MS', default: '5000', description: 'How long an api trusts what it knows of a session' },
  { name: 'TONGBAN_API_RATE_LIMIT', default: '6000', description: 'Requests per API key or user (per address without credentials) and window' },
  { name: 'TONGBAN_API_RATE_WINDOW_SECONDS', default: '60', description: 'Window of the API rate limit' },
  { name: 'TONGBAN_OIDC_ISSUER', default: '(unset: single sign-on off)', description: 'Issuer URL of the agency\'s OpenID Connect provider (https in production); discovered on first sign-in' },
  { name: 'TONGBAN_OIDC_CLIENT_ID', default: '(required with the issuer)', description: 'Client id of Tongban at the provider' },
  { name: 'TONGBAN_OIDC_CLIENT_SECRET', default: '(required with the issuer)', description: 'Client secret (client_secret_basic); never logged' },
  { name: 'TONGBAN_OIDC_REDIRECT_URI', default: '(required with the issuer)', description: 'Registered redirect URI: `https://<host>/api/v1/auth/oidc/callback`' },
  { name: 'TONGBAN_OIDC_SCOPES', default: 'openid profile', description: 'Scopes asked for; must include `openid` and the scopes that release the claims below' },
  { name: 'TONGBAN_OIDC_USERNAME_CLAIM', default: 'preferred_username', description: 'Claim giving the Tongban username' },
  { name: 'TONGBAN_OIDC_DEPARTMENT_CLAIM', default: 'department', description: 'Claim giving a member of staff\'s department code (unknown or disabled: sign-in refused)' },
  { name: 'TONGBAN_OIDC_ROLES_CLAIM', default: 'roles', description: 'Claim listing the roles (array, or a string separated by spaces or commas)' },
  { name: 'TONGBAN_OIDC_ROLE_MAP', default: '(unset: role names as Tongban\'s)', description: 'Provider roles mapped to `admin`, `designer`, `clerk`, `supervisor`: `approver:clerk,auditor:supervisor`' },
  { name: 'TONGBAN_OIDC_APPLICANT_CLAIM', default: 'applicant_code', description: 'Claim carrying an applicant\'s code; present, the account is an applicant\'s (role `applicant`)' },
  { name: 'TONGBAN_OIDC_WEB_URL', default: '/', description: 'The web app the callback hands the sign-in ticket to (`?oidc_ticket=`)' },
  { name: 'TONGBAN_MAX_CARDINALITY', default: '1000', description: 'Most inner instances of one multi-instance activity; more raise a `CARDINALITY_EXCEEDED` incident' },
  { name: 'TONGBAN_MAX_CALL_DEPTH', default: '32', description: 'Deepest nesting of called instances; a deeper call raises a `CALL_DEPTH_EXCEEDED` incident' },
  { name: 'TONGBAN_CLOCK_YELLOW_FRACTION', default: '0.2', description: 'A task, item or case clock turns yellow when this share of its time is left' },
  { name: 'TONGBAN_CLOCK_YELLOW_DAYS', default: '1', description: 'or when this many working days are left, whichever is more' },
  { name: 'TONGBAN_CLOCK_YELLOW_HOURS', default: '1', description: 'For a limit in hours (秒办/即办): or when this many hours are left after the running hour' },
  { name: 'TONGBAN_WORKING_HOURS', default: '09:00-17:00', description: 'Daily window of working hours on working days (local time of the calendar\'s region) for limits in working hours' },
  { name: 'TONGBAN_WEBHOOK_ALLOW_PRIVATE', default: 'true outside production', description: 'Webhooks may target loopback and private addresses' },
  { name: 'TONGBAN_WEBHOOK_TIMEOUT_MS', default: '10000', description: 'Per webhook attempt' },
  { name: 'TONGBAN_WEBHOOK_ATTEMPTS', default: '8', description: 'Attempts of one webhook delivery' },
  { name: 'TONGBAN_WEBHOOK_BACKOFF_MS', default: '10000', description: 'First webhook retry delay, doubled each attempt' },
  { name: 'TONGBAN_RATING_FOLLOW_UP_DAYS', default: '5', description: 'Working days to follow up a poor rating (1–60)' },
  { name: 'TONGBAN_LOG_SERVICES', default: '(unset)', description: '`npm start` prints the embedded PostgreSQL and Redis output' },
  { name: 'TONGBAN_FAILPOINT', default: '(unset)', description: 'Fault injection of the fault-tolerance tests only (`npm run test:faults`); never set in a deployment' },
  { name: 'TONGBAN_CONFORMANCE_DIR', default: '(unset)', description: 'Tests only: folder of the BPMN MIWG conformance corpus' },
  { name: 'TONGBAN_DB_PASSWORD', default: '(required by docker-compose)', description: 'docker-compose only: password of the `tongban_app` role' },
  { name: 'TONGBAN_POSTGRES_PASSWORD', default: '(required by docker-compose)', description: 'docker-compose only: password of the schema owner `tongban`' },
  { name: 'TONGBAN_REDIS_PASSWORD', default: '(required by docker-compose)', description: 'docker-compose only: password Redis requires' },
  { name: 'TONGBAN_API_PORT', default: '3000', description: 'docker-compose only: host port of the reverse proxy in front of the api copies' },
  { name: 'TONGBAN_URL', default: '(unset)', description: 'CLI only (`npx tongban`): the Tongban to talk to' },
  { name: 'TONGBAN_API_KEY', default: '(unset)', description: 'CLI only: API key to call with' },
  { name: 'TONGBAN_TOKEN', default: '(unset)', description: 'CLI only: bearer token to call with' },
  { name: 'TONGBAN_USERNAME', default: '(unset)', description: 'CLI only: user to sign in as' },
  { name: 'TONGBAN_PASSWORD', default: '(unset)', description: 'CLI only: password of `TONGBAN_USERNAME`' },
];

/** `TONGBAN_*` variables set in `env` that Tongban does not know (a typo, or a setting that was renamed). */
export function unknownTongbanVariables(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(ENVIRONMENT.map((v) => v.name));
  return Object.keys(env).filter((name) => name.startsWith('TONGBAN_') && !known.has(name)).sort();
}
