/**
 * What the half-load window's slowest completions coincided with: the load generator's and each Tongban
 * process's event-loop delay and GC pauses, the statements that took long (probe.ts), what Tongban's
 * worker ran in the window (its sweeps among it), and PostgreSQL's autovacuum workers, checkpoints and lock
 * waits seen by a poller. Figures printed, not asserted.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { formatSummary, summarise } from '../../test/faults/support/latency';
import type { TongbanStack } from '../../test/faults/support/stack';
import type { LoadRecorder } from './bundle-load';
import { difference, pausesIn, snapshot, watchGc, watchStalls, type Pause, type ProbeCounts } from './probe';

/** How many of the slowest completions are listed. */
const SLOWEST = 5;

/** The load generator's own pauses: a stall of the process that times the requests inflates every latency it measures. */
const ownLoop = monitorEventLoopDelay({ resolution: 10 });
const ownGc: Pause[] = [];
/** The load generator's stalls of 20 ms or more. */
const ownStalls: Pause[] = [];
let watching = false;

interface PgPoll {
  at: number;
  /** `autovacuum: VACUUM public.outbox`, … */
  autovacuum: string[];
  /** Backends of the bench's database waiting, by `type:event`. */
  waits: string[];
  /** The checkpointer's wait event when it is not idle (`CheckpointWriteDelay` while it spreads a checkpoint's writes, `DataFileSync`, …). */
  checkpointer?: string;
  /** Active backends of the server's other databases (other work on a shared server). */
  others: number;
}

export class HalfDiagnosis {
  private polls: PgPoll[] = [];
  private polling?: NodeJS.Timeout;

  private constructor(
    private readonly stack: TongbanStack,
    private readonly dir: string | undefined,
    private readonly before: Map<number, ProbeCounts | undefined>,
    private readonly pgBefore: PgCounters,
    readonly from: number,
  ) {}

  /** Takes the counters' first look (each probe's event-loop histogram restarts) and starts polling PostgreSQL every 250 ms. */
  static async begin(stack: TongbanStack, dir: string | undefined): Promise<HalfDiagnosis> {
    if (!watching) {
      watching = true;
      ownLoop.enable();
      watchGc(ownGc, 200);
      watchStalls(ownStalls, 1000);
    }
    const before = new Map<number, ProbeCounts | undefined>();
    if (dir) for (const process of stack.processes) if (process.pid) before.set(process.pid, await snapshot(process.pid, dir));
    const diagnosis = new HalfDiagnosis(stack, dir, before, await pgCounters(stack), Date.now());
    ownLoop.reset();
    diagnosis.polling = setInterval(() => void diagnosis.poll(), 250);
    return diagnosis;
  }

  private async poll(): Promise<void> {
    const at = Date.now();
    try {
      const { rows } = await this.stack.db.query<{ kind: string; query: string; wait: string | null }>(
        `SELECT CASE WHEN backend_type IN ('autovacuum worker', 'checkpointer') THEN backend_type WHEN datname = current_database() THEN 'ours' ELSE 'other' END AS kind,
                query, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
          WHERE backend_type = 'autovacuum worker' OR (backend_type = 'checkpointer' AND wait_event IS DISTINCT FROM 'CheckpointerMain')
             OR (datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND wait_event_type IN ('Lock', 'LWLock', 'IO'))
             OR (datname <> current_database() AND state = 'active' AND backend_type = 'client backend')`,
      );
      this.polls.push({
        at,
        autovacuum: rows.filter((r) => r.kind === 'autovacuum worker').map((r) => r.query),
        waits: rows.filter((r) => r.kind === 'ours').map((r) => r.wait ?? '?'),
        checkpointer: rows.find((r) => r.kind === 'checkpointer')?.wait ?? undefined,
        others: rows.filter((r) => r.kind === 'other').length,
      });
    } catch {
      // a missed look
    }
  }

  /** The report of the window: latency, the slowest completions and what each process and PostgreSQL did meanwhile. */
  async end(recorder: LoadRecorder, label: string): Promise<{ text: string; p99: number; met: string[][] }> {
    clearInterval(this.polling);
    const to = Date.now();
    const own = { max: ownLoop.max / 1e6, p99: ownLoop.percentile(99) / 1e6 };
    const pgAfter = await pgCounters(this.stack);
    const processes: Array<{ name: string; counts?: ProbeCounts; after?: ProbeCounts }> = [];
    if (this.dir)
      for (const process of this.stack.processes) {
        if (!process.pid) continue;
        const before = this.before.get(process.pid);
        const after = await snapshot(process.pid, this.dir);
        processes.push({ name: process.options.name, counts: before && after ? difference(before, after) : undefined, after });
      }
    const summary = summarise(recorder.completionMs);
    const at = (epoch: number) => `+${((epoch - this.from) / 1000).toFixed(2)} s`;
    const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    const cut = (text: string, length = 70) => (text.length > length ? `${text.slice(0, length)}…` : text);

    // Everything that took a while in the window, by process.
    const pauses: Array<Pause & { where: string }> = [
      ...[...pausesIn(ownGc, this.from, to), ...pausesIn(ownStalls, this.from, to)].map((p) => ({ ...p, where: 'load generator' })),
      ...processes.flatMap(({ name, after }) => [...pausesIn(after?.gcPauses, this.from, to), ...pausesIn(after?.stalls, this.from, to), ...pausesIn(after?.slowStatements, this.from, to)].map((p) => ({ ...p, where: name }))),
    ];
    const slowest = recorder.completionMs
      .map((took, i) => ({ took, at: recorder.completionAt[i] }))
      .sort((a, b) => b.took - a.took)
      .slice(0, SLOWEST);
    const lines = [`    ${label}: completion ${formatSummary(summary)}`];
    const met: string[][] = [];
    const kind = (p: Pause, length: number) => (p.what.startsWith('gc ') || p.what === 'event loop stalled' ? p.what : `statement ${cut(p.what, length)}`);
    for (const completion of slowest) {
      const all = pauses.filter((p) => p.at < completion.at + completion.took && p.at + p.ms > completion.at).sort((a, b) => b.ms - a.ms);
      const overlapping = all.slice(0, 3).map((p) => `${p.where} ${kind(p, 50)} ${ms(p.ms)} at ${at(p.at)}`);
      const pg = this.polls
        .filter((poll) => poll.at >= completion.at && poll.at <= completion.at + completion.took && (poll.autovacuum.length || poll.waits.length || poll.checkpointer))
        .flatMap((poll) => [...poll.autovacuum.map((q) => cut(q, 50)), ...(poll.checkpointer ? [`checkpointer ${poll.checkpointer}`] : []), ...poll.waits]);
      met.push([...new Set([...all.map((p) => `${p.where} ${kind(p, 30)}`), ...pg.map((p) => `PostgreSQL ${p}`)])]);
      lines.push(
        `      slowest ${ms(completion.took)} sent at ${at(completion.at)}; meanwhile: ${[...overlapping, ...[...new Set(pg)].slice(0, 3).map((p) => `PostgreSQL ${p}`)].join('; ') || 'nothing recorded'}`,
      );
    }
    const gcLine = (list: Pause[]) => (list.length ? `GC pauses ≥ 20 ms ${list.length} (longest ${ms(Math.max(...list.map((p) => p.ms)))})` : 'no GC pause ≥ 20 ms');
    lines.push(`      load generator: event-loop delay max ${ms(own.max)}, p99 ${ms(own.p99)}, stalls ≥ 20 ms ${pausesIn(ownStalls, this.from, to).length}; ${gcLine(pausesIn(ownGc, this.from, to))}`);
    for (const { name, counts, after } of processes) {
      if (!after?.loop) {
        lines.push(`      ${name}: (no probe answer)`);
        continue;
      }
      const slow = pausesIn(after.slowStatements, this.from, to);
      const byText = new Map<string, { n: number; ms: number }>();
      for (const statement of slow) {
        const entry = byText.get(statement.what) ?? { n: 0, ms: 0 };
        byText.set(statement.what, { n: entry.n + 1, ms: Math.max(entry.ms, statement.ms) });
      }
      const slowText = [...byText].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3).map(([text, { n, ms: longest }]) => `${n}× up to ${ms(longest)} ${cut(text, 60)}`);
      lines.push(
        `      ${name}: event-loop delay max ${ms(after.loop.max)}, p99 ${ms(after.loop.p99)}, stalls ≥ 20 ms ${pausesIn(after.stalls, this.from, to).length}; ${gcLine(pausesIn(after.gcPauses, this.from, to))}; ` +
          `statements ≥ 20 ms ${slow.length}${slowText.length ? ` (${slowText.join('; ')})` : ''}`,
      );
      if (name.startsWith('worker') && counts) {
        const ran = Object.entries(counts.statements).slice(0, 8).map(([text, n]) => `${n}× ${cut(text, 60)}`);
        lines.push(`        its statements in the window: ${ran.join('; ') || 'none'}`);
      }
    }
    const vacuums = [...new Set(this.polls.flatMap((poll) => poll.autovacuum))];
    const waits = new Map<string, number>();
    for (const poll of this.polls) for (const wait of poll.waits) waits.set(wait, (waits.get(wait) ?? 0) + 1);
    lines.push(
      `      PostgreSQL: checkpoints ${pgAfter.checkpoints - this.pgBefore.checkpoints} (${pgAfter.checkpointBuffers - this.pgBefore.checkpointBuffers} buffers written), ` +
        `autovacuum/autoanalyze runs ended ${pgAfter.autovacuums - this.pgBefore.autovacuums}; autovacuum workers seen ${vacuums.length ? vacuums.map((q) => cut(q, 50)).join(', ') : 'none'}; ` +
        `checkpointer busy in ${this.polls.filter((poll) => poll.checkpointer).length} of ${this.polls.length} looks (${[...new Set(this.polls.map((poll) => poll.checkpointer).filter(Boolean))].join(', ') || 'idle'}); ` +
        `our backends waiting: ${[...waits].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([w, n]) => `${w} ${n}`).join(', ') || 'none'}; ` +
        `other databases' active backends per look ${(this.polls.reduce((sum, poll) => sum + poll.others, 0) / Math.max(1, this.polls.length)).toFixed(1)} (max ${Math.max(0, ...this.polls.map((poll) => poll.others))})`,
    );
    return { text: lines.join('\n'), p99: summary.p99, met };
  }
}

interface PgCounters {
  checkpoints: number;
  checkpointBuffers: number;
  autovacuums: number;
}

async function pgCounters(stack: TongbanStack): Promise<PgCounters> {
  const { rows } = await stack.db.query<{ checkpoints: string; buffers: string; autovacuums: string }>(
    `SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) AS checkpoints,
            (SELECT buffers_checkpoint FROM pg_stat_bgwriter) AS buffers,
            (SELECT COALESCE(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables) AS autovacuums`,
  );
  await stack.db.query('SELECT pg_stat_clear_snapshot()');
  return { checkpoints: Number(rows[0].checkpoints), checkpointBuffers: Number(rows[0].buffers), autovacuums: Number(rows[0].autovacuums) };
}

/** Over several windows: of their slowest completions, how many met each thing (a process's GC, a statement's text, a PostgreSQL wait), most first. */
export function tally(met: string[][]): string {
  const counts = new Map<string, number>();
  for (const things of met) for (const thing of things.length ? things : ['nothing recorded']) counts.set(thing, (counts.get(thing) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([thing, n]) => `${n}/${met.length} ${thing}`).join('; ');
}
