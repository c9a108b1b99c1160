import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { createApi } from '../apps/api/src/bootstrap';
import { createWorker } from '../apps/worker/src/bootstrap';
import { fixture } from './support/fixtures';
import { uniqueKey } from './support/test-app';

/** The api and the worker as separate applications, as `docker compose` runs them. */
describe('api and worker as separate processes', () => {
  const saved = { ...process.env };
  let api: INestApplication;
  let worker: INestApplicationContext;
  let workflowsDir: string;
  let key: string;

  beforeAll(async () => {
    workflowsDir = mkdtempSync(join(tmpdir(), 'tongban-workflows-'));
    const async = fixture('async-continuation');
    key = async.key;
    writeFileSync(join(workflowsDir, 'async.bpmn'), async.xml);
    writeFileSync(join(workflowsDir, 'broken.bpmn'), 'not a process');
    process.env.TONGBAN_QUEUE_PREFIX = uniqueKey('tongban-test');
    process.env.TONGBAN_WORKFLOWS_DIR = workflowsDir;
    api = await createApi({ port: 0 });
    worker = await createWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    rmSync(workflowsDir, { recursive: true, force: true });
    process.env = saved;
  });

  it('deploys the workflows folder at start, idempotently, skipping refused files', async () => {
    const token = (await request(api.getHttpServer()).post('/api/v1/auth/token').send({ username: 'designer', password: 'designer' })).body.accessToken;
    const list = await request(api.getHttpServer()).get(`/api/v1/process-definitions?key=${key}`).set('Authorization', `Bearer ${token}`);
    expect(list.body.total).toBe(1);

    // a second api start deploys nothing new
    const second = await createApi({ port: 0 });
    await second.close();
    const again = await request(api.getHttpServer()).get(`/api/v1/process-definitions?key=${key}`).set('Authorization', `Bearer ${token}`);
    expect(again.body.total).toBe(1);
  });

  it('hands continuations from the api to the separate worker', async () => {
    const http = request(api.getHttpServer());
    const started = await http.post('/api/v1/process-instances').set('X-API-Key', 'demo-integrator-key').send({ processKey: key });
    expect(started.status).toBe(201);
    const supervisor = (await http.post('/api/v1/auth/token').send({ username: 'supervisor', password: 'supervisor' })).body.accessToken;
    const deadline = Date.now() + 10_000;
    let items: { elementId: string }[] = [];
    while (items.length === 0 && Date.now() < deadline) {
      items = (await http.get(`/api/v1/tasks?processInstanceId=${started.body.id}`).set('Authorization', `Bearer ${supervisor}`)).body.items;
      if (items.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(items.map((task) => task.elementId)).toEqual(['review']);
  });
});

describe('health', () => {
  const saved = { ...process.env };

  afterAll(() => {
    process.env = saved;
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    process.env.TONGBAN_QUEUE_PREFIX = uniqueKey('tongban-test');
    const api = await createApi({ port: 0 });
    try {
      const response = await request(api.getHttpServer()).get('/health');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 'error', database: { status: 'ok' }, redis: { status: 'error' } });
    } finally {
      await api.close();
    }
  });
});
