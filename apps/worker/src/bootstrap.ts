import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { regionContext, ROOT_SCOPE } from '@tongban/runtime';
import { WorkerModule } from './worker.module';

/** Starts a worker: outbox relay and queue processors in a Nest application context. */
export function createWorker(): Promise<INestApplicationContext> {
  return regionContext.run(ROOT_SCOPE, () => startWorker());
}

/** A worker starts in the installation's region scope; each job acts in its case's region. */
async function startWorker(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  await app.init();
  Logger.log('worker started', 'Tongban');
  return app;
}
