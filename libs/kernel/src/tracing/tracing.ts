import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';

/** A started tracing SDK; `shutdown` flushes the spans still buffered. */
export interface Tracing {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

const tracer = () => trace.getTracer('tongban');
let enabled = false;

/** Whether this process started tracing (spans of its own are made only then). */
export function tracingEnabled(): boolean {
  return enabled;
}

/**
 * Starts OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (spans over OTLP/HTTP to
 * `<endpoint>/v1/traces`), with the HTTP, PostgreSQL (pg) and Redis (ioredis) instrumentations;
 * undefined, and nothing loaded, when it is not. Call it first in a process' entry point: the
 * instrumentations patch modules as they are loaded afterwards.
 */
export function startTracing(settings: { otlpEndpoint?: string; serviceName?: string }, defaultServiceName = 'tongban'): Tracing | undefined {
  if (!settings.otlpEndpoint) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK, resources, tracing } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const processor = new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }));
  const sdk = new NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': settings.serviceName ?? defaultServiceName }),
    spanProcessors: [processor],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? '') }),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  enabled = true;
  return {
    forceFlush: () => processor.forceFlush(),
    shutdown: async () => {
      enabled = false;
      await sdk.shutdown();
    },
  };
}

/** The W3C `traceparent` of the active span, to carry work's trace through the outbox; null when nothing is traced. */
export function activeTraceparent(): string | null {
  if (!trace.getSpan(context.active())) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** Runs `work` in a span `name` (ended with its outcome); a child of `parent` (a `traceparent`) when given, else of the active span. */
export async function traced<T>(name: string, kind: 'internal' | 'consumer', work: () => Promise<T>, parent?: string | null, attributes: Record<string, string> = {}): Promise<T> {
  const parentContext: Context = parent ? propagation.extract(context.active(), { traceparent: parent }) : context.active();
  return tracer().startActiveSpan(name, { kind: kind === 'consumer' ? SpanKind.CONSUMER : SpanKind.INTERNAL, attributes }, parentContext, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
