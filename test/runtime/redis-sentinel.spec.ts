import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import { loadRuntimeConfig } from '../../libs/kernel/src/config/runtime-config';
import { connectRedis } from '../../libs/runtime/src/queues/connect-redis';
import { freePort, PrivateRedis } from './support/private-redis';

jest.setTimeout(60_000);

/**
 * Redis Sentinel: a real redis-server as the primary and a real sentinel (`redis-server --sentinel`)
 * monitoring it on loopback; a connection made from REDIS_SENTINELS / REDIS_SENTINEL_NAME reaches the
 * primary the sentinel names, not the host in REDIS_URL.
 */
describe('Redis through Sentinel', () => {
  let primary: PrivateRedis;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  let dir: string;
  const connections: Redis[] = [];

  beforeAll(async () => {
    primary = await PrivateRedis.start();
    sentinelPort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'tongban-sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor tongban-primary 127.0.0.1 ${primary.port} 1`, ''].join('\n'));
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    const probe = new IORedis({ port: sentinelPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    probe.on('error', () => undefined);
    for (const deadline = Date.now() + 10_000; ; ) {
      const named = await probe.call('SENTINEL', 'get-master-addr-by-name', 'tongban-primary').catch(() => null);
      if (Array.isArray(named) && Number(named[1]) === primary.port) break;
      if (Date.now() > deadline) throw new Error('the sentinel did not name the primary');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    probe.disconnect();
  });

  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    if (sentinel && sentinel.exitCode === null) {
      const exited = new Promise((resolve) => sentinel.once('exit', resolve));
      sentinel.kill('SIGKILL');
      await exited;
    }
    await primary?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads REDIS_SENTINELS and REDIS_SENTINEL_NAME, and refuses them with a cluster', () => {
    const config = loadRuntimeConfig({ REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'tongban-primary' });
    expect(config.redisSentinels).toEqual([{ host: '127.0.0.1', port: sentinelPort }]);
    expect(config.redisSentinelName).toBe('tongban-primary');
    expect(() => loadRuntimeConfig({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_CLUSTER_NODES: '127.0.0.1:7000', TONGBAN_QUEUE_PREFIX: '{tongban}' })).toThrow(/exclude each other/);
    expect(() => loadRuntimeConfig({ REDIS_SENTINELS: 'nowhere' })).toThrow(/REDIS_SENTINELS must list host:port/);
  });

  it('connects to the primary the sentinel names, whatever host REDIS_URL gives', async () => {
    // given: REDIS_URL pointing at nothing, the sentinel at a real one
    const config = loadRuntimeConfig({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'tongban-primary' });

    // when
    const redis = connectRedis(config, { maxRetriesPerRequest: 3 });
    connections.push(redis);
    await redis.set('tongban:sentinel-spec', 'through the sentinel');

    // then: the key is on the primary itself
    const direct = new IORedis(primary.url);
    connections.push(direct);
    expect(await direct.get('tongban:sentinel-spec')).toBe('through the sentinel');
    expect(await redis.info('server')).toContain(`tcp_port:${primary.port}`);
  });
});
