import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { regionContext } from '@tongban/kernel';
import { Logger } from 'nestjs-pino';
import { loggerOptions, RequestAwarePinoLogger, requestLoggerOf, requestLogMiddleware } from './logging.module';

/** An express app as the api is: each request in its region context, logged through the process' logger into `lines`. */
function appLoggingTo(lines: Array<Record<string, unknown>>, logLevel: 'info' | 'warn' = 'info') {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino(loggerOptions({ logLevel, logFormat: 'json' }), stream);
  const app = express();
  app.use((req, _res, next) => regionContext.runRequest(next, req));
  app.use(requestLogMiddleware(logger));
  app.locals.logger = logger;
  app.post('/api/v1/process-instances/:id/cancellation', express.json(), (_req, res) => {
    res.setHeader('Set-Cookie', 'session=secret-cookie');
    res.status(202).json({ ok: true });
  });
  app.get('/health/ready', (_req, res) => res.json({ status: 'ok' }));
  return app;
}

describe('request logs', () => {
  it('log one JSON line per request with the request id, route and instance id, and no credentials, cookies, bodies or query strings', async () => {
    // given
    const lines: Array<Record<string, unknown>> = [];
    const app = appLoggingTo(lines);

    // when
    const response = await request(app)
      .post('/api/v1/process-instances/1f0c7a52-0000-4000-8000-000000000001/cancellation?applicantCode=110101199001011234')
      .set('X-Request-Id', 'portal-42')
      .set('Authorization', 'Bearer very-secret-token')
      .set('X-API-Key', 'tb_secret_key')
      .set('Cookie', 'tongban_board=secret')
      .send({ reason: '张三 110101199001011234' });

    // then
    expect(response.headers['x-request-id']).toBe('portal-42');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      instanceId: '1f0c7a52-0000-4000-8000-000000000001',
      route: '/api/v1/process-instances/:id/cancellation',
      req: { id: 'portal-42', method: 'POST', path: '/api/v1/process-instances/1f0c7a52-0000-4000-8000-000000000001/cancellation' },
      res: { statusCode: 202 },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['very-secret-token', 'tb_secret_key', 'secret-cookie', 'tongban_board', '110101199001011234', '张三']) expect(text).not.toContain(secret);
  });

  it('makes a request id when the incoming one is missing or implausible, and leaves probes out', async () => {
    // given
    const lines: Array<Record<string, unknown>> = [];
    const app = appLoggingTo(lines);

    // when
    const made = await request(app).post('/api/v1/process-instances/x/cancellation').set('X-Request-Id', 'two words <script>');
    await request(app).get('/health/ready');

    // then
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toHaveLength(1);
    expect((lines[0].req as { id: string }).id).toBe(made.headers['x-request-id']);
  });

  it('at warn, log no request lines but still give every request its id, and log what a handler warns with it', async () => {
    // given
    const lines: Array<Record<string, unknown>> = [];
    const app = appLoggingTo(lines, 'warn');
    app.get('/api/v1/warned', async (_req, res) => {
      await Promise.resolve();
      // as Nest's Logger writes a line of code the request runs: through the logger of the request in the region context
      requestLoggerOf(app.locals.logger as pino.Logger, regionContext.currentRequest()!).warn('something to see');
      res.json({ ok: true });
    });

    // when
    const cancelled = await request(app).post('/api/v1/process-instances/x/cancellation').set('X-Request-Id', 'portal-43');
    const warned = await request(app).get('/api/v1/warned').set('X-Request-Id', 'portal-44');

    // then
    expect(cancelled.status).toBe(202);
    expect(cancelled.headers['x-request-id']).toBe('portal-43');
    expect(warned.headers['x-request-id']).toBe('portal-44');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'something to see', req: { id: 'portal-44', method: 'GET', path: '/api/v1/warned' } });
  });

  it("write Nest's Logger lines of code a request runs with that request's id, and others without", async () => {
    // given
    const lines: Array<Record<string, unknown>> = [];
    const app = appLoggingTo(lines, 'warn');
    const root = app.locals.logger as pino.Logger;
    const params = { pinoHttp: { logger: root } };
    const nest = new Logger(new RequestAwarePinoLogger(params, root), params);
    app.get('/api/v1/nest-warned', async (_req, res) => {
      await new Promise((resolve) => setImmediate(resolve));
      nest.warn('seen in a request', 'TaskService');
      res.json({ ok: true });
    });

    // when
    await request(app).get('/api/v1/nest-warned').set('X-Request-Id', 'portal-45');
    nest.warn('seen outside', 'Relay');

    // then
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'seen in a request', context: 'TaskService', req: { id: 'portal-45', method: 'GET', path: '/api/v1/nest-warned' } });
    expect(lines[1]).toMatchObject({ level: 40, msg: 'seen outside', context: 'Relay' });
    expect(lines[1].req).toBeUndefined();
  });
});
