import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_CONFIG, renderMetrics, type RuntimeConfig } from '@tongban/kernel';
import { ReadinessService } from './readiness.service';

/**
 * The operations listener of a process (`TONGBAN_METRICS_PORT`, default 9464): `GET /metrics`
 * (Prometheus text format), `GET /health/live` and `GET /health/ready`, without credentials. It is
 * a port of its own so that it stays off the public API: the reverse proxy forwards only the api
 * port, and Prometheus scrapes every api and worker copy directly (one series per copy, which a
 * load-balanced `/metrics` could not give). The worker has no other HTTP port.
 */
@Injectable()
export class OpsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OpsServer.name);
  private server?: Server;

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly readiness: ReadinessService,
  ) {}

  /** The port it listens on (useful when configured as 0), undefined when it is off. */
  get port(): number | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address ? address.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const server = createServer((request, response) => {
      void this.handle(request.method ?? 'GET', (request.url ?? '/').split('?')[0])
        .then(({ status, type, body }) => response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body))
        .catch((error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end((error as Error).message));
    });
    await new Promise<void>((resolve) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        this.logger.warn(`metrics and probes not served: port ${this.config.metricsPort} ${error.code === 'EADDRINUSE' ? 'is in use (set TONGBAN_METRICS_PORT to another port, or off)' : error.message}`);
        resolve();
      });
      server.listen(this.config.metricsPort, () => {
        this.server = server;
        this.logger.log(`metrics and probes on port ${this.port}`);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private async handle(method: string, path: string): Promise<{ status: number; type: string; body: string }> {
    if (method !== 'GET') return { status: 405, type: 'text/plain', body: 'GET only' };
    if (path === '/metrics') {
      const { contentType, body } = await renderMetrics();
      return { status: 200, type: contentType, body };
    }
    if (path === '/health/live' || path === '/health/ready') {
      const answer = path === '/health/live' ? await this.readiness.live() : await this.readiness.ready();
      return { status: answer.status, type: 'application/json', body: JSON.stringify(answer.body) };
    }
    return { status: 404, type: 'text/plain', body: 'not found: /metrics, /health/live and /health/ready are served here' };
  }
}
