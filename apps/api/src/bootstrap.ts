import { Logger, RequestMethod, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { regionScopeMiddleware } from '@tongban/identity';
import { loadRuntimeConfig, PROCESS_LOGGER, regionContext, requestLogMiddleware, ROOT_SCOPE, type Clock } from '@tongban/runtime';
import { ApiModule } from './api.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { HostileInputPipe } from './http/hostile-input.pipe';
import { withProblemDetails } from './http/openapi-problem-details';
import { resolveListenHost } from './http/listen-host';
import { securityHeaders } from './http/security-headers.middleware';
import { cacheValidationMetadata } from './http/validation-metadata-cache';
import { httpMetrics } from './observability/http-metrics.middleware';
import { QUEUE_BOARD_PATH, QueueBoardService } from './queue-board/queue-board.service';
import { serveWebApp } from './web/serve-web-app';

/** JSON bodies up to 12 MB: a deployment carries BPMN documents of up to 10 MB. */
const JSON_BODY_LIMIT = '12mb';

export interface CreateApiOptions {
  /** Port to listen on; `PORT` (default 3000) when absent, 0 for any free port. */
  port?: number;
  /** Interface to listen on; `HOST` when absent, else 127.0.0.1 in demo mode and 0.0.0.0 in production. */
  host?: string;
  /** Also run the worker (outbox relay, queue processors) in this process. */
  withWorker?: boolean;
  /** The time of the runtime and the catalog; the system clock when absent (a test passes a `TestClock`). */
  clock?: Clock;
}

/** Creates, configures and starts the HTTP api: `/api/v1/*`, `/health`, OpenAPI at `/api/docs` (unless `TONGBAN_API_DOCS=off`, the default in production; the document is built when first asked for). */
export async function createApi(options: CreateApiOptions = {}): Promise<INestApplication> {
  const config = loadRuntimeConfig();
  // Start-up (seeders, the worker's queues, timers and relay) runs in the installation's region scope; the
  // server listens outside it, so a request acts only in the scope its credentials give it.
  const app = await regionContext.run(ROOT_SCOPE, async () => {
    const created = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot({ withWorker: options.withWorker, clock: options.clock }), {
      bufferLogs: true,
    });
    created.useLogger(created.get(PinoLogger));
    configureApi(created);
    created.enableShutdownHooks();
    await created.init();
    return created;
  });
  const listen = resolveListenHost({ HOST: options.host ?? config.host }, config.demo);
  if (listen.warning) Logger.warn(listen.warning, 'Tongban');
  await regionContext.outside(() => app.listen(options.port ?? config.port, listen.host));
  Logger.log(`api listening on ${await app.getUrl()}${options.withWorker ? ' (with worker)' : ''}`, 'Tongban');
  return app;
}

/** Region context and request log per request, security headers, prefix, body limit, hostile-input refusal, validation, the error filter and OpenAPI; shared by every way of starting the api. */
export function configureApi(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  // No ETag on the api's answers: hashing every body costs CPU on every request, and a 304 would save only the bytes
  // (the answer is computed before it is hashed). Static files (the web app) keep their own validators.
  app.set('etag', false);
  // first: every request runs in a region context of its own, which the auth guard gives the caller's scope
  app.use(regionScopeMiddleware);
  // its id, echoed, and one line when it ends
  app.use(requestLogMiddleware(app.get(PROCESS_LOGGER)));
  app.use(httpMetrics);
  app.use(securityHeaders);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  setRoutePrefix(app);
  cacheValidationMetadata();
  app.useGlobalPipes(new HostileInputPipe(), new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ApiExceptionFilter());
  app.use(QUEUE_BOARD_PATH, app.get(QueueBoardService).handler());
  const config = loadRuntimeConfig();
  // Built at the first request for it, not at start: scanning every route and DTO is a sizeable part of start-up CPU.
  if (config.apiDocs) SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  serveWebApp(app, config.webDir);
}

/**
 * The OpenAPI document without starting anything: a preview application (no provider is created,
 * so no database or Redis is touched) with the api's routes and prefix. `npm run openapi` writes it
 * to docs/openapi.json, from which the web app's API types are generated.
 */
export async function openApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot({ withWorker: false }), { preview: true, logger: false });
  try {
    setRoutePrefix(app);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

function setRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'health/live', method: RequestMethod.GET }, { path: 'health/ready', method: RequestMethod.GET }] });
}

function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return withProblemDetails(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tongban')
      .setDescription('BPMN workflow engine for "one thing, done once" government service bundles. Every error answers with one body, `{statusCode, code, message, details?}` (ApiErrorDto): `code` is machine-readable (VALIDATION_FAILED, NOT_FOUND, MIGRATION_REFUSED, …), `details` names what is wrong.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('api-key')
      .build(),
  ));
}
