import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { track } from './child-registry';
import { freePort } from '../../../apps/tongban/src/embedded/free-port';
import { sleep } from './wait';

/**
 * A private `redis-server` on its own port for one scenario, so that killing, restarting or flushing
 * it touches nobody else's Redis. Configured as Tongban's deployment is: `noeviction`, AOF optional.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private constructor(readonly port: number, private readonly dir: string, private readonly appendOnly: boolean) {}

  static async start(dir: string, options: { appendOnly?: boolean } = {}): Promise<PrivateRedis> {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const redis = new PrivateRedis(await freePort(), dir, options.appendOnly ?? true);
    await redis.launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGKILL, no shutdown save: what an OOM kill or a crashed host does. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Sends a command over RESP without a client library; returns the raw reply. */
  command(...args: string[]): Promise<string> {
    const request = `*${args.length}\r\n` + args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('');
    return new Promise((resolve, reject) => {
      const socket = createConnection({ port: this.port, host: '127.0.0.1' }, () => socket.write(request));
      socket.setTimeout(5000, () => socket.destroy(new Error('redis command timed out')));
      socket.once('data', (data) => {
        socket.end();
        resolve(data.toString());
      });
      socket.once('error', reject);
    });
  }

  /** Sends a command and parses the RESP reply (strings, integers, arrays, nil). */
  async query(...args: string[]): Promise<RespValue> {
    const request = `*${args.length}\r\n` + args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('');
    return new Promise((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      const socket = createConnection({ port: this.port, host: '127.0.0.1' }, () => socket.write(request));
      socket.setTimeout(5000, () => socket.destroy(new Error('redis command timed out')));
      socket.on('data', (data) => {
        buffer = Buffer.concat([buffer, data]);
        const parsed = parseResp(buffer, 0);
        if (parsed) {
          socket.end();
          resolve(parsed.value);
        }
      });
      socket.once('error', reject);
    });
  }

  async flushAll(): Promise<void> {
    const reply = await this.command('FLUSHALL');
    if (!reply.startsWith('+OK')) throw new Error(`FLUSHALL answered ${reply.trim()}`);
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, '--maxmemory-policy', 'noeviction'];
    args.push('--appendonly', this.appendOnly ? 'yes' : 'no');
    const child = track(spawn('redis-server', args, { stdio: 'ignore' }));
    this.child = child;
    for (let attempt = 0; attempt < 200; attempt++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
      const reply = await this.command('PING').catch(() => '');
      if (reply.startsWith('+PONG')) return;
      await sleep(25);
    }
    throw new Error(`redis-server did not answer on port ${this.port}`);
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

export function redisDir(root: string, name: string): string {
  return join(root, `redis-${name}`);
}

export type RespValue = string | number | null | RespValue[];

/** Parses one RESP value at `at`; undefined when `buffer` does not hold all of it yet. */
function parseResp(buffer: Buffer, at: number): { value: RespValue; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[at]);
  const line = buffer.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === '+' || type === '-') return { value: line, end: next };
  if (type === ':') return { value: Number(line), end: next };
  if (type === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, end: next };
    if (buffer.length < next + length + 2) return undefined;
    return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    if (count < 0) return { value: null, end: next };
    const items: RespValue[] = [];
    let end = next;
    for (let i = 0; i < count; i++) {
      const item = parseResp(buffer, end);
      if (!item) return undefined;
      items.push(item.value);
      end = item.end;
    }
    return { value: items, end };
  }
  throw new Error(`unexpected RESP type ${type}`);
}
