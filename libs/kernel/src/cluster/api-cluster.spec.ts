import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyEnv, copyMetricsPort } from './api-cluster';

/**
 * A real cluster primary (runApiCluster, compiled from this folder's source by esbuild) over copies
 * that answer with their pid and copy number, as the api would over its routes.
 */
const PROGRAM = `
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const cluster = require('node:cluster');
const http = require('node:http');
const source = process.env.CLUSTER_SOURCE;
const { code } = require(process.env.ESBUILD).transformSync(readFileSync(source, 'utf8'), { loader: 'ts', format: 'cjs' });
const compiled = new Module(source);
compiled._compile(code, source);
const port = Number(process.env.PORT);
if (cluster.isPrimary) {
  compiled.exports.runApiCluster({ processes: 2, port, onStopped: async () => console.log('copies stopped') });
} else if (process.env.FAIL_AT_START && process.env.TONGBAN_API_PROCESS_INDEX === '1') {
  process.exit(3);
} else {
  http.createServer((request, response) => response.end(process.pid + ' ' + process.env.TONGBAN_API_PROCESS_INDEX + ' ' + process.env.JWT_SECRET)).listen(port, '127.0.0.1');
}
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ask(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    });
    request.setTimeout(2_000, () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** The copies (pid → copy number) that answered within `ms`, asking until `enough` of them did. */
async function copiesAnswering(port: number, enough: (copies: Map<string, string>) => boolean, ms = 30_000): Promise<Map<string, string>> {
  const copies = new Map<string, string>();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !enough(copies)) {
    const answer = await ask(port);
    if (answer) copies.set(answer.split(' ')[0], answer.split(' ')[1]);
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return copies;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('api cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-cluster-'));
  const program = join(dir, 'program.js');
  writeFileSync(program, PROGRAM);
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function primary(extra: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; port: number; output: () => string }> {
    const port = await freePort();
    const child = spawn(process.execPath, [program], {
      env: { PATH: process.env.PATH, PORT: String(port), CLUSTER_SOURCE: join(__dirname, 'api-cluster.ts'), ESBUILD: require.resolve('esbuild'), ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, port, output: () => output };
  }

  it('serves one port from every copy, starts a killed copy again and stops them all on SIGTERM', async () => {
    const { child, port, output } = await primary({ JWT_SECRET: 'one-secret-for-every-copy' });
    const first = await copiesAnswering(port, (copies) => copies.size >= 2);
    expect([...first.values()].sort()).toEqual(['1', '2']);
    expect(await ask(port)).toMatch(/ one-secret-for-every-copy$/);
    expect(output()).toMatch(/api copy 2 \(pid \d+\) listening/);

    const [killed] = [...first].find(([, index]) => index === '2')!;
    process.kill(Number(killed), 'SIGKILL');
    const after = await copiesAnswering(port, (copies) => [...copies].some(([pid, index]) => index === '2' && pid !== killed));
    expect([...after].some(([pid, index]) => index === '2' && pid !== killed)).toBe(true);
    expect(output()).toMatch(new RegExp(`api copy 2 \\(pid ${killed}\\) exited \\(code null, signal SIGKILL\\); starting it again`));

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output()).toMatch(/copies stopped/);
    expect(await ask(port)).toBeUndefined();
  }, 60_000);

  it('exits with 1 when the first copy cannot start, instead of starting it again and again', async () => {
    const { child, output } = await primary({ FAIL_AT_START: '1' });
    expect(await exited(child)).toBe(1);
    expect(output()).toMatch(/api copy 1 exited \(code 3, signal null\) before it listened: not starting/);
  }, 30_000);

  it('gives each copy the signing secret and an operations port of its own', () => {
    expect(copyMetricsPort(9464, 1)).toBe(9464);
    expect(copyMetricsPort(9464, 3)).toBe(9466);
    expect(copyMetricsPort(undefined, 2)).toBeUndefined();
    expect(copyMetricsPort(0, 2)).toBe(0);
    expect(copyEnv({ jwtSecret: 's3cret', metricsPort: 9464 }, 2)).toEqual({ JWT_SECRET: 's3cret', TONGBAN_METRICS_PORT: '9465' });
    expect(copyEnv({ jwtSecret: 's3cret' }, 2)).toEqual({ JWT_SECRET: 's3cret' });
  });
});
