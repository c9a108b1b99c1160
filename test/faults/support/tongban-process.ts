import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { track } from './child-registry';
import { sleep } from './wait';

/** The checkout: the nearest directory above this compiled file that holds package.json. */
export const repoRoot = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
/** The build the suite runs: its own (`TONGBAN_DIST`, set by scripts/faults.js), else dist/. */
export const distRoot = process.env.TONGBAN_DIST ? resolve(process.env.TONGBAN_DIST) : join(repoRoot, 'dist');

/** Compiled entry points of the processes the suite runs. */
export const entryPoints = {
  api: join(distRoot, 'apps/api/src/main.js'),
  worker: join(distRoot, 'apps/worker/src/main.js'),
  /** api and worker in one process through `createApi({ port, withWorker: true })`. */
  combined: join(distRoot, 'apps/api/src/bootstrap.js'),
  /** A department's system: a BullMQ job worker (see department-worker.ts). */
  'department-worker': join(distRoot, 'test/faults/support/department-worker.js'),
} as const;

function entryArgs(kind: ProcessKind): string[] {
  if (kind === 'department-worker') return ['-e', `require(${JSON.stringify(entryPoints[kind])}).runDepartmentWorker()`];
  if (kind !== 'combined') return [entryPoints[kind]];
  const launch =
    `require(${JSON.stringify(entryPoints.combined)}).createApi({ port: Number(process.env.PORT), withWorker: true })` +
    `.catch((error) => { console.error(error); process.exit(1); })`;
  return ['-e', launch];
}

export type ProcessKind = keyof typeof entryPoints;

export interface TongbanProcessOptions {
  kind: ProcessKind;
  name: string;
  env: NodeJS.ProcessEnv;
  /** HTTP port; the process is ready when `GET /health` answers 200. Without one, ready after `settleMs`. */
  port?: number;
  logDir: string;
  settleMs?: number;
  /** Without a port: ready when the output matches this (e.g. the worker's "worker started"), or after 20 s alive; else after `settleMs`. */
  readyPattern?: RegExp;
  /** Options of node itself, before the entry point (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
}

/** One api or worker process of Tongban run from dist/, which a scenario can kill -9 and start again. */
export class TongbanProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  starts = 0;
  crashes = 0;
  private output = '';

  constructor(readonly options: TongbanProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Spawns the process and waits until it is ready (health 200, or settled). */
  async start(timeoutMs = 60_000): Promise<void> {
    const { kind, name, env, port, logDir, nodeArgs = [] } = this.options;
    mkdirSync(logDir, { recursive: true });
    this.log ??= createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    this.log.write(`\n--- start ${++this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [...nodeArgs, '-r', join(repoRoot, 'scripts/register-paths.js'), ...entryArgs(kind)], {
      cwd: repoRoot,
      env: { ...process.env, ...env, ...(port ? { PORT: String(port) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    this.child = child;
    child.stdout!.pipe(this.log, { end: false });
    this.output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.output.length < 1_000_000) this.output += chunk.toString();
    });
    child.stderr!.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.log?.write(`--- exit code=${code} signal=${signal} at ${new Date().toISOString()}\n`);
      if (code === 137 || signal === 'SIGKILL') this.crashes++;
    });
    await this.waitReady(child, timeoutMs);
  }

  /** Resolves once the process has printed something matching `pattern` since its start; throws after `timeoutMs`. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (Date.now() > deadline) throw new Error(`${this.options.name} did not print ${pattern} within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** SIGKILL: no shutdown hooks, nothing flushed. Resolves when the process is gone. */
  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** Graceful stop (SIGTERM), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.signal('SIGTERM');
    clearTimeout(timer);
  }

  /** Resolves when the process exits on its own (a failpoint fired), with its exit code. */
  exited(): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  async close(): Promise<void> {
    await this.stop(5_000);
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.log = undefined;
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  private async waitReady(child: ChildProcess, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const { port, settleMs = 1_500, name, readyPattern } = this.options;
    if (!port && readyPattern) {
      const patternDeadline = Math.min(deadline, Date.now() + 20_000);
      while (Date.now() < patternDeadline) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) while starting`);
        if (readyPattern.test(this.output)) return;
        await sleep(25);
      }
      return;
    }
    if (!port) {
      await sleep(settleMs);
      if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting (see its log)`);
      return;
    }
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) while starting; log: ${join(this.options.logDir, `${name}.log`)}`);
      }
      if ((await healthStatus(port)) === 200) return;
      await sleep(100);
    }
    throw new Error(`${name} was not healthy on port ${port} within ${timeoutMs} ms`);
  }
}

export function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

export function logDirFor(scenario: string): string {
  return join(repoRoot, '.tmp', 'faults', scenario);
}
