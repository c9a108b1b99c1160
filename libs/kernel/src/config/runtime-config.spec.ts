import { ConfigError, loadRuntimeConfig } from './runtime-config';

describe('loadRuntimeConfig', () => {
  it('uses the local defaults and demo mode outside production', () => {
    const config = loadRuntimeConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      demo: true,
      production: false,
      queuePrefix: 'tongban',
      workflowsDir: undefined,
      urgeIntervalSeconds: 3600,
    });
    expect(config.jwtSecret).toHaveLength(64);
    expect(loadRuntimeConfig({}).jwtSecret).toBe(config.jwtSecret);
  });

  it('requires JWT_SECRET and turns demo mode off in production', () => {
    expect(() => loadRuntimeConfig({ NODE_ENV: 'production', TONGBAN_ADMIN_PASSWORD: 'Ab3$-river-stone', REDIS_URL: 'redis://:s3cret@redis:6379' })).toThrow(ConfigError);
    const config = loadRuntimeConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret', TONGBAN_ADMIN_PASSWORD: 'Ab3$-river-stone', REDIS_URL: 'redis://:s3cret@redis:6379' });
    expect(config).toMatchObject({ demo: false, production: true, jwtSecret: 'a-long-enough-production-secret', apiDocs: false });
  });

  it('refuses demo mode and a missing admin password in production, and serves API docs only when asked there', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret', TONGBAN_ADMIN_PASSWORD: 'Ab3$-river-stone', REDIS_URL: 'redis://:s3cret@redis:6379' };
    expect(() => loadRuntimeConfig({ ...production, TONGBAN_DEMO: 'true' })).toThrow(/TONGBAN_DEMO=true is refused/);
    expect(() => loadRuntimeConfig({ ...production, TONGBAN_ADMIN_PASSWORD: '' })).toThrow(/TONGBAN_ADMIN_PASSWORD is required/);
    expect(loadRuntimeConfig({ ...production, TONGBAN_API_DOCS: 'on' }).apiDocs).toBe(true);
    expect(loadRuntimeConfig({}).apiDocs).toBe(true);
    expect(loadRuntimeConfig({ TONGBAN_API_DOCS: 'off' }).apiDocs).toBe(false);
    expect(() => loadRuntimeConfig({ TONGBAN_API_DOCS: 'maybe' })).toThrow(/TONGBAN_API_DOCS/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadRuntimeConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadRuntimeConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadRuntimeConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadRuntimeConfig({ TONGBAN_DEMO: 'maybe' })).toThrow(/TONGBAN_DEMO/);
    expect(() => loadRuntimeConfig({ TONGBAN_QUEUE_PREFIX: 'a:b' })).toThrow(/TONGBAN_QUEUE_PREFIX/);
    expect(() => loadRuntimeConfig({ TONGBAN_URGE_INTERVAL_SECONDS: '1h' })).toThrow(/TONGBAN_URGE_INTERVAL_SECONDS/);
  });

  it('reads the workflows folder, queue prefix and an explicit demo switch', () => {
    expect(loadRuntimeConfig({ TONGBAN_WORKFLOWS_DIR: '/srv/workflows', TONGBAN_QUEUE_PREFIX: 'tb-test', TONGBAN_DEMO: 'false', PORT: '8080' })).toMatchObject({
      workflowsDir: '/srv/workflows',
      queuePrefix: 'tb-test',
      demo: false,
      port: 8080,
    });
  });

  it('takes the regions the outbox relay claims one by one, none by default', () => {
    expect(loadRuntimeConfig({}).relayRegions).toBeUndefined();
    expect(loadRuntimeConfig({ TONGBAN_RELAY_REGIONS: 'cn, sh-pd,cn' }).relayRegions).toEqual(['cn', 'sh-pd']);
    expect(() => loadRuntimeConfig({ TONGBAN_RELAY_REGIONS: 'cn,,sh' })).toThrow(/TONGBAN_RELAY_REGIONS must list region codes/);
    expect(() => loadRuntimeConfig({ TONGBAN_RELAY_REGIONS: "cn,x'y" })).toThrow(/TONGBAN_RELAY_REGIONS/);
  });

  it('sizes the pool and takes a transaction pooler only with a direct connection for the migrations\' session lock', () => {
    expect(loadRuntimeConfig({})).toMatchObject({ databasePoolSize: 10, databasePoolMode: 'session' });
    expect(loadRuntimeConfig({ DATABASE_POOL_SIZE: '40' }).databasePoolSize).toBe(40);
    expect(() => loadRuntimeConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadRuntimeConfig({ DATABASE_POOL_MODE: 'statement' })).toThrow(/DATABASE_POOL_MODE/);
    expect(() => loadRuntimeConfig({ DATABASE_POOL_MODE: 'transaction' })).toThrow(/DATABASE_POOL_MODE=transaction needs DATABASE_SESSION_URL/);
    expect(loadRuntimeConfig({ DATABASE_POOL_MODE: 'transaction', DATABASE_SESSION_URL: 'postgres://app@db:5432/tongban' }).databasePoolMode).toBe('transaction');
    expect(loadRuntimeConfig({ DATABASE_POOL_MODE: 'transaction', DATABASE_MIGRATION_URL: 'postgres://owner@db:5432/tongban' }).databasePoolMode).toBe('transaction');
    expect(loadRuntimeConfig({ DATABASE_SESSION_URL: 'postgres://app@db:5432/tongban' }).databaseSessionUrl).toBe('postgres://app@db:5432/tongban');
  });

  it('reads lists from a replica only when DATABASE_READ_URL names a PostgreSQL URL', () => {
    expect(loadRuntimeConfig({}).databaseReadUrl).toBeUndefined();
    expect(loadRuntimeConfig({ DATABASE_READ_URL: 'postgres://app@replica:5432/tongban' }).databaseReadUrl).toBe('postgres://app@replica:5432/tongban');
    expect(() => loadRuntimeConfig({ DATABASE_READ_URL: 'mysql://app@replica/tongban' })).toThrow(/DATABASE_READ_URL/);
  });

  it('groups concurrent task completions on the pool but two connections when turned on, and bounds a group', () => {
    expect(loadRuntimeConfig({}).groupCommit).toBeUndefined();
    expect(loadRuntimeConfig({ TONGBAN_GROUP_COMMIT: 'true' }).groupCommit).toEqual({ slots: 8, max: 32 });
    expect(loadRuntimeConfig({ TONGBAN_GROUP_COMMIT: 'true', DATABASE_POOL_SIZE: '4', TONGBAN_GROUP_COMMIT_MAX: '8' }).groupCommit).toEqual({ slots: 2, max: 8 });
    expect(loadRuntimeConfig({ TONGBAN_GROUP_COMMIT: 'true', DATABASE_POOL_SIZE: '1' }).groupCommit).toEqual({ slots: 1, max: 32 });
    expect(() => loadRuntimeConfig({ TONGBAN_GROUP_COMMIT: 'sometimes' })).toThrow('TONGBAN_GROUP_COMMIT must be true or false, got "sometimes"');
    expect(() => loadRuntimeConfig({ TONGBAN_GROUP_COMMIT_MAX: '0' })).toThrow('TONGBAN_GROUP_COMMIT_MAX must be a whole number from 1 to 256, got "0"');
  });

  it('puts one job message in each BullMQ job unless job groups are asked for, and bounds a group', () => {
    expect(loadRuntimeConfig({}).jobGroupSize).toBe(1);
    expect(loadRuntimeConfig({ TONGBAN_JOB_GROUP_SIZE: '32' }).jobGroupSize).toBe(32);
    expect(() => loadRuntimeConfig({ TONGBAN_JOB_GROUP_SIZE: '0' })).toThrow('TONGBAN_JOB_GROUP_SIZE must be a whole number from 1 to 256, got "0"');
    expect(() => loadRuntimeConfig({ TONGBAN_JOB_GROUP_SIZE: '257' })).toThrow('TONGBAN_JOB_GROUP_SIZE must be a whole number from 1 to 256, got "257"');
    expect(loadRuntimeConfig({}).jobGroupTypes).toBeUndefined();
    expect(loadRuntimeConfig({ TONGBAN_JOB_GROUP_TYPES: ' credit-check, ,registry check,credit-check' }).jobGroupTypes).toEqual(['credit-check', 'registry check']);
  });

  it('refuses a Redis without a password in production unless explicitly allowed', () => {
    // given
    const production = { NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret', TONGBAN_ADMIN_PASSWORD: 'Ab3$-river-stone' };

    // then
    expect(() => loadRuntimeConfig({ ...production, REDIS_URL: 'redis://redis:6379' })).toThrow(/REDIS_URL needs a password/);
    expect(() => loadRuntimeConfig(production)).toThrow(/REDIS_URL needs a password/);
    expect(loadRuntimeConfig({ ...production, REDIS_URL: 'redis://tongban:s3cret@redis:6379' }).redisUrl).toBe('redis://tongban:s3cret@redis:6379');
    expect(loadRuntimeConfig({ ...production, TONGBAN_ALLOW_REDIS_WITHOUT_PASSWORD: 'true' }).production).toBe(true);
    expect(loadRuntimeConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).production).toBe(false);
  });
});
