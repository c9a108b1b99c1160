import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { serveWebApp } from './serve-web-app';

@Controller('api/v1/things')
class ThingController {
  @Get()
  list(): { items: string[] } {
    return { items: ['from nest'] };
  }
}

@Module({ controllers: [ThingController] })
class ThingModule {}

describe('serveWebApp', () => {
  let dir: string;
  let app: NestExpressApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tongban-web-'));
    writeFileSync(join(dir, 'index.html'), '<html>ui</html>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    // files the UI does not have, at paths that belong to Nest: never served
    mkdirSync(join(dir, 'api', 'v1'), { recursive: true });
    writeFileSync(join(dir, 'api', 'v1', 'things'), 'from disk');
    writeFileSync(join(dir, 'api', 'v1', 'other'), 'from disk');
    writeFileSync(join(dir, 'health'), 'from disk');
    app = await NestFactory.create<NestExpressApplication>(ThingModule, { logger: false });
    serveWebApp(app, dir);
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the UI at / with its cache headers', async () => {
    const index = await request(app.getHttpServer()).get('/');
    expect(index.status).toBe(200);
    expect(index.text).toBe('<html>ui</html>');
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await request(app.getHttpServer()).get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves /api and /health to Nest without looking on disk', async () => {
    const routed = await request(app.getHttpServer()).get('/api/v1/things');
    expect(routed.body).toEqual({ items: ['from nest'] });
    const unrouted = await request(app.getHttpServer()).get('/api/v1/other');
    expect(unrouted.status).toBe(404);
    expect(unrouted.text).not.toContain('from disk');
    const health = await request(app.getHttpServer()).get('/health');
    expect(health.status).toBe(404);
    expect(health.text).not.toContain('from disk');
  });
});
