/**
 * What the clerk's inbox page and task view cost the database, counted rather than timed (the counts do
 * not move with the machine's load): SQL statements per request (the probe of bench/e2e in the api
 * process), and the shared buffers each statement touched, from PostgreSQL's own EXPLAIN (ANALYZE,
 * BUFFERS) of every statement the api sends (`auto_explain` in the api's sessions, read back from the
 * server's log), so the plans are those of the clerk's role, region and parameters.
 *
 * It runs against a database `npm run bench:growth` (or `StoredDataLoader`) has already filled and
 * keeps it: `BENCH_COSTS_DATABASE` names it (e.g. `tongban_growth`); it starts one api process from
 * dist/ on it and a private redis-server, and no worker. The inbox page is the clerk's first page of
 * open tasks; the task views are of that page's tasks. `BENCH_COSTS_LOG` is the PostgreSQL server log
 * (stderr logging with the database in `log_line_prefix`, as Debian's default `%m [%p] %q%u@%d `); the
 * database's `session_preload_libraries` is set for the run and reset after. Needs a superuser on the server.
 *
 *   BENCH_COSTS_DATABASE=tongban_growth node -r ./scripts/register-paths.js dist/bench/growth/view-costs.js
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../apps/tongban/src/embedded/free-port';
import { databaseUrl, pool, serverUrl } from '../../test/faults/support/database';
import { PrivateRedis, redisDir } from '../../test/faults/support/redis-server';
import { clerkOf, isOk, RestClient } from '../../test/faults/support/rest-client';
import { logDirFor, repoRoot, TongbanProcess } from '../../test/faults/support/tongban-process';
import { difference, probeEnv, snapshot, total, type ProbeCounts } from '../e2e/probe';

const env = process.env;
const DATABASE = env.BENCH_COSTS_DATABASE ?? '';
const LOG = env.BENCH_COSTS_LOG || '/var/log/postgresql/postgresql-15-main.log';
const DEPARTMENT = env.BENCH_COSTS_DEPARTMENT || 'market-regulation';
const PAGE = 20;
const PROBE_DIR = join(repoRoot, '.tmp', 'view-costs-probe');

/** One statement's plan as auto_explain logged it: its text and the shared buffers its plan touched. */
interface LoggedPlan {
  text: string;
  buffers: number;
  ms: number;
}

/** The plans auto_explain wrote to the server log for `database` from byte `from` on. */
function loggedPlans(database: string, from: number): LoggedPlan[] {
  const size = statSync(LOG).size;
  const buffer = Buffer.alloc(size - from);
  const fd = openSync(LOG, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  const plans: LoggedPlan[] = [];
  // a message starts on a line with the log prefix; its JSON plan continues on tab-indented lines
  const lines = buffer.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes(`@${database} LOG:  duration:`) || !lines[i].endsWith('plan:')) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && lines[i + 1].startsWith('\t')) body.push(lines[++i].slice(1));
    try {
      const parsed = JSON.parse(body.join('\n')) as { 'Query Text': string; Plan: Record<string, number> };
      const plan = parsed.Plan;
      plans.push({
        text: parsed['Query Text'].replace(/\s+/g, ' ').trim(),
        buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'],
        ms: plan['Actual Total Time'],
      });
    } catch {
      // a plan cut by another process's line: left out
    }
  }
  return plans;
}

/** Statements and buffers per request of `requests` calls of `call`. */
async function cost(
  label: string, api: TongbanProcess, requests: number, call: (i: number) => Promise<void>,
): Promise<void> {
  const before = await snapshot(api.pid!, PROBE_DIR);
  const from = statSync(LOG).size;
  for (let i = 0; i < requests; i++) await call(i);
  const after = await snapshot(api.pid!, PROBE_DIR);
  if (!before || !after) throw new Error(`the api (pid ${api.pid}) wrote no probe counts to ${PROBE_DIR}`);
  const counted: ProbeCounts = difference(before, after);
  const plans = loggedPlans(DATABASE, from);
  const byText = new Map<string, { n: number; buffers: number; ms: number }>();
  for (const plan of plans) {
    const entry = byText.get(plan.text) ?? { n: 0, buffers: 0, ms: 0 };
    entry.n++;
    entry.buffers += plan.buffers;
    entry.ms += plan.ms;
    byText.set(plan.text, entry);
  }
  const buffers = plans.reduce((sum, plan) => sum + plan.buffers, 0);
  console.log(
    `\n${label}: ${(total(counted.statements) / requests).toFixed(1)} statements, ${(counted.checkouts / requests).toFixed(1)} pool checkouts, ` +
      `${(plans.length / requests).toFixed(1)} planned statements touching ${(buffers / requests).toFixed(1)} shared buffers per request (${requests} requests)`,
  );
  for (const [text, n] of Object.entries(counted.statements)) console.log(`  ${(n / requests).toFixed(2)} × ${text}`);
  console.log('  plans (per request: buffers, ms):');
  for (const [text, entry] of [...byText].sort((a, b) => b[1].buffers - a[1].buffers)) {
    console.log(`  ${(entry.n / requests).toFixed(2)} × ${(entry.buffers / requests).toFixed(1)} buffers ${(entry.ms / requests).toFixed(2)} ms: ${text.slice(0, 220)}`);
  }
}

async function main(): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(DATABASE)) throw new Error('BENCH_COSTS_DATABASE names the filled database (a plain name)');
  const admin = pool(serverUrl(), { max: 1 });
  const url = databaseUrl(DATABASE);
  const db = pool(url, { max: 1 });
  const stored = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM task`)).rows[0].n;
  const settings = `session_preload_libraries = 'auto_explain'`;
  const explain = ['log_min_duration = 0', 'log_analyze = on', 'log_buffers = on', `log_format = 'json'`];
  await admin.query(`ALTER DATABASE ${DATABASE} SET ${settings}`);
  for (const setting of explain) await admin.query(`ALTER DATABASE ${DATABASE} SET auto_explain.${setting}`);
  mkdirSync(PROBE_DIR, { recursive: true });
  const logDir = logDirFor(`view-costs-${DATABASE}`);
  const redis = await PrivateRedis.start(redisDir(logDir, 'data'));
  const api = new TongbanProcess({
    kind: 'api', name: 'api', port: await freePort(), logDir,
    env: {
      DATABASE_URL: url, REDIS_URL: redis.url, TONGBAN_QUEUE_PREFIX: `costs-${randomBytes(3).toString('hex')}`, JWT_SECRET: randomBytes(24).toString('hex'),
      TONGBAN_DEMO: 'true', TONGBAN_WORKFLOWS_DIR: '', NODE_ENV: 'test', ...probeEnv(PROBE_DIR),
    },
  });
  try {
    // auto_explain only in the api's sessions, then not for anyone else connecting later
    await api.start(120_000);
    await admin.query(`ALTER DATABASE ${DATABASE} RESET session_preload_libraries`);
    const client = new RestClient(api.baseUrl);
    const clerk = clerkOf(DEPARTMENT);
    const inboxPath = `/api/v1/tasks?department=${DEPARTMENT}&state=open&limit=${PAGE}`;
    const page = await client.get(inboxPath, clerk);
    if (!isOk(page.status)) throw new Error(`the inbox answered ${page.status}`);
    const ids = (page.body.items as { id: string }[]).map((task) => task.id);
    if (ids.length === 0) throw new Error(`no open task of ${DEPARTMENT} is stored`);
    // warm: the models, catalogue and calendars the api caches, and the pool's connections
    for (const id of ids.slice(0, 3)) await client.get(`/api/v1/tasks/${id}`, clerk);
    console.log(`${DATABASE}: ${stored.toLocaleString('en')} tasks stored; clerk of ${DEPARTMENT}, open tasks ${page.body.total}${page.body.totalExact ? '' : '+'}`);
    await cost('inbox page', api, 10, async () => {
      const res = await client.get(inboxPath, clerk);
      if (!isOk(res.status)) throw new Error(`the inbox answered ${res.status}`);
    });
    await cost('task view', api, ids.length, async (i) => {
      const res = await client.get(`/api/v1/tasks/${ids[i]}`, clerk);
      if (!isOk(res.status)) throw new Error(`the task view answered ${res.status}`);
    });
    client.close();
  } finally {
    await api.close();
    await redis.stop();
    await admin.query(`ALTER DATABASE ${DATABASE} RESET session_preload_libraries`);
    for (const setting of explain) await admin.query(`ALTER DATABASE ${DATABASE} RESET auto_explain.${setting.split(' ')[0]}`);
    await Promise.all([admin.end(), db.end()]);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
