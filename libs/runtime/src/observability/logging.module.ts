import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino } from 'pino';
import type { Options } from 'pino-http';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';

/** An incoming `X-Request-Id` is honoured when it is a plausible id (no spaces, at most 128 characters). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Paths whose successful requests are not logged: probes and scrapes every few seconds. */
const QUIET = /^\/(health(\/live|\/ready)?|metrics)(\?|$)/;

/** Levels at which the line logged when a request ends (at info) is written. */
const REQUEST_LOG_LEVELS: readonly string[] = ['trace', 'debug', 'info'];

/** Process instance routes name the instance by `:id`; other routes by `:instanceId`. */
const INSTANCE_ROUTE = /\/process-instances\/:id(\/|$)/;

type RoutedRequest = IncomingMessage & { id?: unknown; params?: Record<string, string>; route?: { path?: string }; originalUrl?: string };

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

/**
 * Structured logs of every Tongban process (nestjs-pino over pino-http): JSON lines in production,
 * pino-pretty text for people otherwise (`TONGBAN_LOG_FORMAT`), at `TONGBAN_LOG_LEVEL`. Each request
 * is logged once when it ends, with its request id (an incoming `X-Request-Id` is kept and echoed),
 * route, status, duration and, when the route names one, the instance id. No personal data: bodies
 * and query strings are never logged, and the credentials and cookies of requests and responses are
 * redacted.
 */
export const LoggingModule = LoggerModule.forRootAsync({
  inject: [RUNTIME_CONFIG],
  useFactory: (config: RuntimeConfig) => ({
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: withOneLogger(pinoHttpOptions(config)),
  }),
});

/**
 * The options with the logger made once, from their level, redaction and transport: given options
 * only, nestjs-pino makes one pino for Nest's `Logger` and pino-http another for the requests, and
 * with pino-pretty each starts a transport thread of its own at every start.
 */
function withOneLogger(options: Options): Options {
  const { level, redact, transport, ...rest } = options;
  return { ...rest, logger: pino({ level, redact, ...(transport ? { transport } : {}) }) };
}

/** The pino-http options of a process' logger (see `LoggingModule`). */
export function pinoHttpOptions(config: Pick<RuntimeConfig, 'logLevel' | 'logFormat'>): Options {
  return {
    level: config.logLevel,
    ...(config.logFormat === 'pretty' ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res' } } } : {}),
    genReqId: requestId,
    // Nothing to add (as when a request starts, before it is routed): pino-http makes no child logger for a
    // falsy answer, though its type asks for an object.
    customProps: ((request: IncomingMessage) => {
      const routed = request as RoutedRequest;
      const route = routed.route?.path;
      const instanceId = instanceIdOf(routed);
      return route || instanceId ? { ...(route ? { route } : {}), ...(instanceId ? { instanceId } : {}) } : undefined;
    }) as (request: IncomingMessage) => object,
    // Below info (warn under NODE_ENV=test) the line would be dropped: no hook on every response to build it.
    autoLogging: REQUEST_LOG_LEVELS.includes(config.logLevel) ? { ignore: (request: IncomingMessage) => QUIET.test(request.url ?? '') } : false,
    serializers: {
      req: (request: { id: unknown; method: string; url: string }) => ({ id: request.id, method: request.method, path: (request.url ?? '').split('?')[0] }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
}
