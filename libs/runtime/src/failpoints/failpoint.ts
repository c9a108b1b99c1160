/**
 * Crash points for the fault suite, switched on by the environment and inert otherwise.
 *
 * `TONGBAN_FAILPOINT` lists failpoints separated by commas, each `name`, `name:probability`
 * (0..1, e.g. `after-commit-before-enqueue:0.05`) or `name:#count` (crash on the count-th hit).
 * A failpoint that fires ends the process at once with exit code 137, as `kill -9` would:
 * no `finally`, no shutdown hooks, no flushing of anything still in memory.
 */
export type FailpointName =
  /** A command's transaction has committed; its outbox rows are not yet published to BullMQ. */
  | 'after-commit-before-enqueue'
  /** The relay has added the job to BullMQ; the outbox row is not yet marked published. */
  | 'after-enqueue-before-mark'
  /** A worker has applied a job's command; the BullMQ job is not yet acknowledged. */
  | 'after-apply-before-ack'
  /** 退回: inside the command's transaction, its rows written, not committed. */
  | 'return-before-commit'
  /** 退回: committed, the caller not yet answered. */
  | 'return-after-commit'
  | (string & {});

interface Rule {
  probability?: number;
  crashOnHit?: number;
  hits: number;
}

let rules: Map<string, Rule> | undefined;

function parseRules(spec: string | undefined): Map<string, Rule> {
  const parsed = new Map<string, Rule>();
  for (const entry of (spec ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name, argument] = entry.split(':', 2);
    const rule: Rule = { hits: 0 };
    if (argument?.startsWith('#')) rule.crashOnHit = Math.max(1, Number(argument.slice(1)) || 1);
    else if (argument !== undefined && argument !== '') rule.probability = Math.min(1, Math.max(0, Number(argument) || 0));
    parsed.set(name, rule);
  }
  return parsed;
}

/** Whether `name` is switched on in this process (cheap; for skipping work only a failpoint needs). */
export function failpointEnabled(name: FailpointName): boolean {
  rules ??= parseRules(process.env.TONGBAN_FAILPOINT);
  return rules.has(name);
}

/** Ends the process with exit code 137 when the environment arms failpoint `name` and it fires now. */
export function failpoint(name: FailpointName): void {
  rules ??= parseRules(process.env.TONGBAN_FAILPOINT);
  const rule = rules.get(name);
  if (!rule) return;
  rule.hits++;
  const fires =
    rule.crashOnHit !== undefined ? rule.hits === rule.crashOnHit : Math.random() < (rule.probability ?? 1);
  if (!fires) return;
  process.stderr.write(`failpoint ${name} fired (hit ${rule.hits}), exiting 137\n`);
  process.exit(137);
}
