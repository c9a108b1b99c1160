import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../apps/tongban/src/embedded/free-port';
import { ApiClient } from '../support/api-client';
import { fixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Tongban behind PgBouncer in session pooling mode (transaction pooling is refused at start: each
 * connection carries its caller's region scope as session settings): the api and worker reach
 * PostgreSQL through the pooler, the outbox relay listens through it, and callers
 * of two regions never see each other's cases.
 * PgBouncer is Debian's `pgbouncer` package (`.ci/run` installs it); without it the spec says so and
 * checks nothing.
 */
const PGBOUNCER = '/usr/sbin/pgbouncer';
const available = existsSync(PGBOUNCER);
if (!available) console.log(`${PGBOUNCER} is missing: the PgBouncer spec is skipped (apt-get install -y pgbouncer)`);
const describeWithPgBouncer = available ? describe : describe.skip;

jest.setTimeout(120_000);

describeWithPgBouncer('behind PgBouncer in session pooling mode', () => {
  const direct = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SESSION_URL: process.env.DATABASE_SESSION_URL };
  let pooler: ChildProcess;
  let dir: string;
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    // given: PgBouncer on a free port in front of the database, session pooling
    dir = mkdtempSync(path.join(tmpdir(), 'tongban-pgbouncer-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    const ini = path.join(dir, 'pgbouncer.ini');
    writeFileSync(path.join(dir, 'users.txt'), `"${direct.username || 'postgres'}" ""\n`);
    writeFileSync(
      ini,
      [
        '[databases]',
        `* = host=${direct.hostname} port=${direct.port || 5432}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${path.join(dir, 'users.txt')}`,
        'pool_mode = session',
        'default_pool_size = 20',
        'max_client_conn = 100',
        'ignore_startup_parameters = extra_float_digits,options',
      ].join('\n'),
    );
    // PgBouncer refuses to run as root: as root, it switches to the postgres user
    pooler = spawn(PGBOUNCER, process.getuid?.() === 0 ? ['-u', 'postgres', ini] : [ini], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    pooler.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await listening(port).catch((error: Error) => {
      throw new Error(`${error.message}; PgBouncer said: ${log.slice(-2000)}`);
    });
    const pooled = new URL(direct.toString());
    pooled.port = String(port);
    process.env.DATABASE_URL = pooled.toString();
    process.env.DATABASE_SESSION_URL = direct.toString();
    app = await startTestApp();
    api = new ApiClient(app);
  });

  afterAll(async () => {
    await app?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    pooler?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs instances through commit points, the outbox and the worker through the pooler', async () => {
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    // when: twenty instances start at once and each passes a commit point before its user task
    const started = await Promise.all(Array.from({ length: 20 }, () => api.startWithKey(key)));
    expect(started.map((response) => response.status)).toEqual(Array(20).fill(201));
    const ids = started.map((response) => response.body.id as string);
    // then: the worker takes every continuation and each user task opens; completing them ends every instance
    for (const id of ids) {
      const [task] = await api.eventually(() => api.tasks(id), (tasks) => tasks.some((task) => task.state === 'open'), 30_000);
      expect((await api.complete(task.id, `clerk.${task.department}`)).status).toBe(200);
    }
    for (const id of ids) await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 30_000);
  });

  it('keeps each request in its own region while the pooler’s server connections serve callers of two regions', async () => {
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    const ids = (await Promise.all(Array.from({ length: 10 }, () => api.startWithKey(key)))).map((response) => response.body.id as string);
    // when: the other region's admin lists instances while this region's requests run on the same server connections
    const cityAdmin = await api.as('city.admin');
    const [seen] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => app.http.get('/api/v1/process-instances?limit=100').set('Authorization', cityAdmin))),
      Promise.all(ids.map((id) => api.instance(id))),
    ]);
    // then: not one of this region's instances reaches the other region
    for (const response of seen) {
      expect(response.status).toBe(200);
      expect(response.body.items.filter((item: { id: string }) => ids.includes(item.id))).toEqual([]);
    }
  });
});

/** Resolves once something accepts connections on `port`. */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`PgBouncer did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
