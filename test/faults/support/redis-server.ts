import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';
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

  async flushAll(): Promise<void> {
    const reply = await this.command('FLUSHALL');
    if (!reply.startsWith('+OK')) throw new Error(`FLUSHALL answered ${reply.trim()}`);
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, '--maxmemory-policy', 'noeviction'];
    args.push('--appendonly', this.appendOnly ? 'yes' : 'no');
    const child = spawn('redis-server', args, { stdio: 'ignore' });
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
