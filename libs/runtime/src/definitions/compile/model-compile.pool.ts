import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { compileModel, type ModelCompileInput, type ModelCompileOutcome } from './model-compile.task';

/**
 * Documents from this size on are compiled in the worker thread. Below it, parsing, compiling and
 * linting take a few milliseconds on the event loop, less than handing the document to a thread and
 * its models back (bench/model-compile.bench.ts measures both).
 */
export const OFF_THREAD_BPMN_BYTES = 32 * 1024;

/** Heap a compile worker may use: a document that needs more fails alone, never the process. */
const WORKER_HEAP_MB = 768;

/**
 * Compiles BPMN documents without blocking the event loop: large ones (OFF_THREAD_BPMN_BYTES and
 * more) go to a piscina worker thread, so a multi-megabyte deployment leaves other requests
 * answering. The pool starts its thread on first use and lets it go after a minute idle.
 */
@Injectable()
export class ModelCompilePool implements OnModuleDestroy {
  private readonly logger = new Logger(ModelCompilePool.name);
  private pool?: Promise<Piscina<ModelCompileInput, ModelCompileOutcome>>;

  /** The outcome of compiling one document, on the event loop or in the worker by its size. */
  async compile(input: ModelCompileInput): Promise<ModelCompileOutcome> {
    if (Buffer.byteLength(input.content, 'utf8') < OFF_THREAD_BPMN_BYTES) return compileModel(input);
    return this.offThread(input);
  }

  /** The outcome of compiling one document in the worker thread, whatever its size. */
  async offThread(input: ModelCompileInput): Promise<ModelCompileOutcome> {
    return (await this.threads()).run(input);
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool?.catch(() => undefined))?.destroy();
  }

  private threads(): Promise<Piscina<ModelCompileInput, ModelCompileOutcome>> {
    this.pool ??= workerFile().then((filename) => {
      this.logger.log('compile worker thread pool started');
      return new Piscina({ filename, minThreads: 0, maxThreads: 1, idleTimeout: 60_000, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    });
    return this.pool;
  }
}

/**
 * The worker's JavaScript file. From the build (dist/) it is the compiled sibling, resolving
 * `@tongban/*` through the `-r register-paths` the thread inherits. From TypeScript sources (the
 * test runner) a thread cannot load TypeScript, so the worker is bundled once with esbuild into the
 * system's temporary directory, named by the hash of the sources it reads.
 */
async function workerFile(): Promise<string> {
  const compiled = path.join(__dirname, 'model-compile.worker.js');
  if (existsSync(compiled)) return compiled;
  return bundledWorker(path.join(__dirname, 'model-compile.worker.ts'));
}

/** Bundles in esbuild's own process (asynchronously: the event loop keeps serving meanwhile). */
async function bundledWorker(entry: string): Promise<string> {
  const root = path.resolve(__dirname, '../../../../..');
  // the bundler is a development tool: only the test runner, running the sources, gets here
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const bundle = (await esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    absWorkingDir: root, tsconfig: path.join(root, 'tsconfig.json'), write: false, logLevel: 'silent',
  })).outputFiles[0].contents;
  const dir = path.join(tmpdir(), 'tongban-workers');
  const file = path.join(dir, `model-compile.${createHash('sha256').update(bundle).digest('hex').slice(0, 16)}.js`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, bundle);
    renameSync(partial, file);
  }
  return file;
}
