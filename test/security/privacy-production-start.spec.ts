import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app';

const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const database = `tongban_production_start_${randomBytes(4).toString('hex')}`;
const ADMIN_PASSWORD = 'Quiet-harbour-4821';
const PRODUCTION_ENV = { NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret', TONGBAN_ADMIN_PASSWORD: ADMIN_PASSWORD, HOST: '127.0.0.1', TONGBAN_ALLOW_REDIS_WITHOUT_PASSWORD: 'true' };

/** Runs `start` with `env` set, putting the variables back afterwards. */
async function withEnv<T>(env: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('production mode started on a demo data directory', () => {
  let admin: DataSource;
  let production: TestApp | undefined;
  let demoHashCosts: string[] = [];
  const url = (() => {
    const u = new URL(baseUrl);
    u.pathname = `/${database}`;
    return u.toString();
  })();

  beforeAll(async () => {
    // given: a database a demo run left behind
    admin = await new DataSource({ type: 'postgres', url: baseUrl }).initialize();
    await admin.query(`CREATE DATABASE ${database}`);
    const demo = await withEnv({ DATABASE_URL: url }, () => startTestApp());
    try {
      expect((await request(demo.app.getHttpServer()).post('/api/v1/auth/token').send({ username: 'designer', password: 'designer' })).status).toBe(200);
    } finally {
      await demo.close();
    }
    const db = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      demoHashCosts = (await db.query(`SELECT DISTINCT substr(password_hash, 1, 7) AS cost FROM app_user`)).map((row: { cost: string }) => row.cost);
    } finally {
      await db.destroy();
    }

    // when: production starts on it
    production = await withEnv({ ...PRODUCTION_ENV, DATABASE_URL: url }, () => startTestApp());
  });

  afterAll(async () => {
    await production?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  });

  it('removes the demo users and the demo key, and gives the demo admin the production password', async () => {
    // when
    const http = request(production!.app.getHttpServer());
    const designer = await http.post('/api/v1/auth/token').send({ username: 'designer', password: 'designer' });
    const clerk = await http.post('/api/v1/auth/token').send({ username: 'clerk.health', password: 'clerk.health' });
    const demoAdmin = await http.post('/api/v1/auth/token').send({ username: 'admin', password: 'admin' });
    const realAdmin = await http.post('/api/v1/auth/token').send({ username: 'admin', password: ADMIN_PASSWORD });
    const demoKey = await http.get('/api/v1/applications').set('X-API-Key', production!.apiKey);

    // then
    expect(designer.status).toBe(401);
    expect(clerk.status).toBe(401);
    expect(demoAdmin.status).toBe(401);
    expect(realAdmin.status).toBe(200);
    expect(demoKey.status).toBe(401);
    const db = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      expect((await db.query(`SELECT username FROM app_user ORDER BY username`)).map((u: { username: string }) => u.username)).toEqual(['admin']);
      const [audit] = await db.query(`SELECT details FROM identity_audit WHERE action = 'demo-accounts.removed'`);
      expect(audit.details).toMatchObject({ adminPasswordReplaced: true, apiKeys: 1 });
      expect(audit.details.users).toContain('designer');
    } finally {
      await db.destroy();
    }
  });

  it('hashes the demo passwords (their user names) at the demo cost, and the production admin password at the full cost', async () => {
    // given: the demo run's hashes (beforeAll)
    expect(demoHashCosts).toEqual(['$2b$04$']);

    // when
    const db = await new DataSource({ type: 'postgres', url }).initialize();
    try {
      const [admin] = await db.query(`SELECT password_hash FROM app_user WHERE username = 'admin'`);

      // then
      expect(admin.password_hash).toMatch(/^\$2b\$10\$/);
    } finally {
      await db.destroy();
    }
  });

  it('serves no API docs unless TONGBAN_API_DOCS=on', async () => {
    // when
    const docs = await request(production!.app.getHttpServer()).get('/api/docs-json');

    // then
    expect(docs.status).toBe(404);
  });
});
