/**
 * Preloaded (`node -r`) into Tongban's worker by the system-task benchmark when BENCH_PROBE=1: counts
 * the SQL statements the process sends through node-postgres (by their first words) and the commands
 * it sends to Redis through ioredis. On each SIGWINCH (Nest's shutdown hooks take SIGUSR2) it writes the counts so far and the process's CPU
 * time to BENCH_PROBE_FILE; with BENCH_CPU_PROFILE=<dir>, the first SIGWINCH also starts a CPU profile
 * and the second writes it to <dir>/worker.cpuprofile. Counting is independent of the machine's load.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports -- patches the modules the process will load */
const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
const ioredis = require('ioredis') as { Redis: { prototype: { sendCommand: (...args: unknown[]) => unknown } } };
/* eslint-enable @typescript-eslint/no-require-imports */

const statements = new Map<string, number>();
const redisCommands = new Map<string, number>();
const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** A statement's kind: its first words, enough to tell BEGIN, the instance read, the commit statement and the inserts apart. */
function kindOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 60);
}

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function probedQuery(this: unknown, ...args: unknown[]) {
  const config = args[0] as string | { text?: string } | undefined;
  const text = typeof config === 'string' ? config : config?.text;
  if (text) bump(statements, kindOf(text));
  return query.apply(this, args);
};

const sendCommand = ioredis.Redis.prototype.sendCommand;
ioredis.Redis.prototype.sendCommand = function probedSendCommand(this: unknown, ...args: unknown[]) {
  const command = args[0] as { name?: string } | undefined;
  bump(redisCommands, String(command?.name ?? '?').toLowerCase());
  return sendCommand.apply(this, args);
};

const file = process.env.BENCH_PROBE_FILE;
const profileDir = process.env.BENCH_CPU_PROFILE;
let session: Session | undefined;

/** The probe never takes the process down: a file it cannot write is left out. */
function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    // the benchmark reports the missing file
  }
}

process.on('SIGWINCH', () => {
  const cpu = process.cpuUsage();
  if (file) write(file, JSON.stringify({ statements: Object.fromEntries(statements), redis: Object.fromEntries(redisCommands), cpuMicros: cpu.user + cpu.system }));
  if (!profileDir) return;
  if (!session && existsSync(join(profileDir, 'profile-start'))) {
    rmSync(join(profileDir, 'profile-start'), { force: true });
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () => session!.post('Profiler.start'));
    return;
  }
  if (!session || !existsSync(join(profileDir, 'profile-stop'))) return;
  rmSync(join(profileDir, 'profile-stop'), { force: true });
  const ending = session;
  session = undefined;
  ending.post('Profiler.stop', (error, result) => {
    if (!error) write(join(profileDir, 'worker.cpuprofile'), JSON.stringify(result.profile));
    ending.disconnect();
  });
});
