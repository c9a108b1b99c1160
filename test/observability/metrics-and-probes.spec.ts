import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpsServer } from '@tongban/runtime';
import request from 'supertest';
import { fixture } from '../support/fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** Starts the test app with its operations listener on a free port. */
async function startWithMetrics() {
  process.env.TONGBAN_METRICS_PORT = '0';
  try {
    return await startTestApp();
  } finally {
    delete process.env.TONGBAN_METRICS_PORT;
  }
}

/** The value of one sample of the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('metrics and probes', () => {
  const { t, api } = useTestApp(startWithMetrics);
  let ops: ReturnType<typeof request>;

  beforeAll(() => {
    const port = t.app.get(OpsServer).port;
    expect(port).toBeGreaterThan(0);
    ops = request(`http://127.0.0.1:${port}`);
  });

  it('serves Prometheus metrics of requests by route template, commands, engine steps, outbox, queues, timers, incidents and tasks', async () => {
    // given: a deployed process, a started instance and one task read by its id
    const { key, xml } = fixture('department-work');
    await api.deploy(xml);
    const started = await api.startWithKey(key, {});
    expect(started.status).toBe(201);
    const tasks = await api.eventually(() => api.tasks(started.body.id as string), (list) => list.length > 0);
    const token = await t.token('admin');
    expect((await t.http.get(`/api/v1/tasks/${tasks[0].id}`).set('Authorization', `Bearer ${token}`)).status).toBe(200);

    // when
    const response = await ops.get('/metrics');

    // then
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.text;
    expect(sample(text, 'tongban_http_request_duration_seconds_count', { route: '/api/v1/tasks/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(tasks[0].id);
    expect(sample(text, 'tongban_command_duration_seconds_count', { command: 'start', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tongban_engine_steps_total', { command: 'start' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tongban_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tongban_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tongban_queue_jobs', { queue: 'continuation', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tongban_queue_oldest_job_age_seconds', { queue: 'timers' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tongban_timers_due')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tongban_tasks_open', { department: tasks[0].department as string })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE tongban_incidents_open gauge');
    expect(text).toContain('# TYPE tongban_webhook_deliveries_total counter');
    expect(text).toContain('process_cpu_user_seconds_total');

    // and every metric of the Grafana dashboard in docs/ exists
    const dashboard = readFileSync(join(__dirname, '..', '..', 'docs', 'grafana-dashboard.json'), 'utf8');
    const used = new Set([...dashboard.matchAll(/tongban_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect([name, text.includes(`# TYPE ${name} `)]).toEqual([name, true]);
  });

  it('answers liveness and readiness through terminus on the api port and on the operations port', async () => {
    for (const client of [t.http, ops]) {
      const live = await client.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({ status: 'ok' });
      const ready = await client.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    }
    expect((await t.http.get('/health')).body).toMatchObject({ status: 'ok' });
    expect((await ops.get('/api/v1/tasks')).status).toBe(404);
  });
});
