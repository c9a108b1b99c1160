import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing, type Tracing } from '@tongban/runtime';
import { fixture } from '../support/fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
}

/** A local OTLP/HTTP receiver: keeps every span posted to /v1/traces (JSON encoding). */
function otlpReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[]; services: Set<string> }> {
  const spans: ReceivedSpan[] = [];
  const services = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: ReceivedSpan[] }> }> };
        for (const resource of body.resourceSpans) {
          services.add(resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '');
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        }
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, services })));
}

describe('tracing api → outbox → worker', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let tracing: Tracing | undefined;
  const { api } = useTestApp(async () => {
    receiver = await otlpReceiver();
    tracing = startTracing({ otlpEndpoint: receiver.url, serviceName: 'tongban-spec' });
    return startTestApp();
  });

  afterAll(async () => {
    await tracing?.shutdown();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('is off without an endpoint', () => {
    expect(startTracing({})).toBeUndefined();
  });

  it('carries the trace of a command through its outbox row to the job that continues it, exported over OTLP/HTTP', async () => {
    // given: a user task behind an asynchronous continuation
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);

    // when: the instance starts (outbox row) and the worker takes up the continuation
    const started = await api.startWithKey(key, {});
    expect(started.status).toBe(201);
    await api.eventually(() => api.tasks(started.body.id as string), (list) => list.length === 1);
    await tracing!.forceFlush();

    // then: start command → continuation job → continue command, one trace
    expect(receiver.services).toContain('tongban-spec');
    const start = receiver.spans.find((s) => s.name === 'command start');
    expect(start).toBeDefined();
    const job = receiver.spans.find((s) => s.name === 'job continuation' && s.parentSpanId === start!.spanId);
    expect(job).toMatchObject({ traceId: start!.traceId, kind: 5 });
    const resumed = receiver.spans.find((s) => s.name === 'command continue' && s.parentSpanId === job!.spanId);
    expect(resumed).toMatchObject({ traceId: start!.traceId });
  });
});
