import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Inject, Injectable, Module, Scope } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';
import { pino, type Logger as Pino, type LoggerOptions } from 'pino';
import { RUNTIME_CONFIG, regionContext, type RuntimeConfig } from '@tongban/kernel';

/** An incoming `X-Request-Id` is honoured when it is a plausible id (no spaces, at most 128 characters). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Paths whose successful requests are not logged: probes and scrapes every few seconds. */
const QUIET = /^\/(health(\/live|\/ready)?|metrics)(\?|$)/;

/** Levels at which the line logged when a request ends (at info) is written. */
const REQUEST_LOG_LEVELS: readonly string[] = ['trace', 'debug', 'info'];

/** Process instance routes name the instance by `:id`; other routes by `:instanceId`. */
const INSTANCE_ROUTE = /\/process-instances\/:id(\/|$)/;

type RoutedRequest = IncomingMessage & { id?: unknown; params?: Record<string, string>; route?: { path?: string }; baseUrl?: string; originalUrl?: string };

/** The request's own logger (its lines carry `req`), made when first asked for. */
const REQUEST_LOGGER = Symbol('tongban.requestLogger');

type LoggedRequest = RoutedRequest & { [REQUEST_LOGGER]?: Pino };

/** The request id of a request: its `X-Request-Id` when plausible, else a new UUID; echoed in the response. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** The process instance a request is about, when its route names one. */
export function instanceIdOf(request: RoutedRequest): string | undefined {
  const params = request.params ?? {};
  if (params.instanceId) return params.instanceId;
  return params.id && INSTANCE_ROUTE.test(request.route?.path ?? '') ? params.id : undefined;
}

/** What a request's log lines say of it: id, method and path (never the query string, headers or body). */
function describe(request: RoutedRequest): { id: unknown; method: string | undefined; path: string } {
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return { id: request.id, method: request.method, path: query < 0 ? url : url.slice(0, query) };
}

/** The logger of the request `request` (see `requestLogMiddleware`): the process' logger with the request's `req` binding. */
export function requestLoggerOf(logger: Pino, request: object): Pino {
  const logged = request as LoggedRequest;
  return (logged[REQUEST_LOGGER] ??= logger.child({ req: describe(logged) }));
}

/**
 * Each request's id (an incoming `X-Request-Id` kept, else a new one; echoed) and, at info and below,
 * one line when it ends: `req` (id, method, path), the route template, the instance id when the route
 * names one, `res.statusCode` and `responseTime` in ms; `request errored` with `err` from status 500.
 * Probes and scrapes that succeed are not logged. Nothing is made per request beyond the id and, when
 * it is to be logged, one listener: the line is written from plain objects when the response closes.
 */
export function requestLogMiddleware(logger: Pino): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  const logs = REQUEST_LOG_LEVELS.includes(logger.level);
  return (request, response, next) => {
    const routed = request as RoutedRequest;
    routed.id = requestId(request, response);
    if (logs && !QUIET.test(request.url ?? '')) {
      const started = Date.now();
      response.once('close', () => {
        const template = routed.route?.path;
        const instanceId = instanceIdOf(routed);
        const failed = response.statusCode >= 500;
        const line: Record<string, unknown> = {
          req: describe(routed),
          ...(template ? { route: `${routed.baseUrl ?? ''}${template}` } : {}),
          ...(instanceId ? { instanceId } : {}),
          res: { statusCode: response.statusCode },
          responseTime: Date.now() - started,
        };
        if (failed) line.err = new Error(`failed with status code ${response.statusCode}`);
        logger.info(line, failed ? 'request errored' : 'request completed');
      });
    }
    next();
  };
}

/** The process' pino: JSON lines in production, pino-pretty text for people otherwise, at `TONGBAN_LOG_LEVEL`, credentials and cookies redacted. */
export function loggerOptions(config: Pick<RuntimeConfig, 'logLevel' | 'logFormat'>): LoggerOptions {
  return {
    level: config.logLevel,
    ...(config.logFormat === 'pretty' ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res' } } } : {}),
    // Request lines carry only id, method and path; these cover a request, a response or headers logged whole elsewhere.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
}

/** The process' one pino (see `LoggingModule`). */
export const PROCESS_LOGGER = Symbol('tongban.processLogger');

/** Nest's `Logger` lines written through the logger of the request being handled (its `req` binding), else the process'. */
@Injectable({ scope: Scope.TRANSIENT })
export class RequestAwarePinoLogger extends PinoLogger {
  constructor(@Inject(PARAMS_PROVIDER_TOKEN) params: Params, @Inject(PROCESS_LOGGER) private readonly root: Pino) {
    super(params);
  }

  override get logger(): Pino {
    const request = regionContext.currentRequest();
    return request ? requestLoggerOf(this.root, request) : this.root;
  }
}

/**
 * Structured logs of every Tongban process: one pino (`loggerOptions`) behind Nest's `Logger`
 * (nestjs-pino's), whose lines written while a request is handled carry that request (`req`: id,
 * method, path). The api logs each request once when it ends (`requestLogMiddleware`, installed
 * by the api's bootstrap) with its request id (an incoming `X-Request-Id` is kept and echoed), route,
 * status, duration and, when the route names one, the instance id. No personal data: bodies and
 * query strings are never logged, and credentials and cookies are redacted.
 */
@Global()
@Module({
  providers: [
    { provide: PROCESS_LOGGER, inject: [RUNTIME_CONFIG], useFactory: (config: RuntimeConfig) => pino(loggerOptions(config)) },
    { provide: PARAMS_PROVIDER_TOKEN, inject: [PROCESS_LOGGER], useFactory: (logger: Pino): Params => ({ pinoHttp: { logger } }) },
    { provide: PinoLogger, useClass: RequestAwarePinoLogger },
    Logger,
  ],
  exports: [Logger, PinoLogger, PROCESS_LOGGER, PARAMS_PROVIDER_TOKEN],
})
export class LoggingModule {}
