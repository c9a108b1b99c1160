import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { OpsServer } from '@tongban/runtime';
import { createWorker } from '../../apps/worker/src/bootstrap';

describe('the worker process', () => {
  let worker: INestApplicationContext;
  let base: string;

  beforeAll(async () => {
    process.env.TONGBAN_METRICS_PORT = '0';
    process.env.TONGBAN_QUEUE_PREFIX = `tongban-test-${randomBytes(6).toString('hex')}`;
    process.env.NODE_ENV ??= 'test';
    try {
      worker = await createWorker();
    } finally {
      delete process.env.TONGBAN_METRICS_PORT;
    }
    base = `http://127.0.0.1:${worker.get(OpsServer).port}`;
  });

  afterAll(async () => {
    await worker?.close();
    delete process.env.TONGBAN_QUEUE_PREFIX;
  });

  it('serves its own metrics and terminus probes on its operations port', async () => {
    // when
    const [live, ready, metrics] = await Promise.all([fetch(`${base}/health/live`), fetch(`${base}/health/ready`), fetch(`${base}/metrics`)]);

    // then
    expect(live.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
    const text = await metrics.text();
    expect(text).toContain('# TYPE tongban_job_duration_seconds histogram');
    expect(text).toContain('# TYPE tongban_outbox_lag_seconds gauge');
    expect(text).toMatch(/^tongban_queue_jobs\{queue="continuation",state="waiting"\} \d+$/m);
  });
});
