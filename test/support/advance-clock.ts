import { outboxJobId, QueueProducer, TimerService } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { untilSettled } from './barrier';
import type { TestApp } from './test-app';
import { inRoot } from './root-scope';

/** Rounds of sweeping: a fired timer may schedule another one that the moved clock has passed too (a cycle). */
const MAX_ROUNDS = 20;

export interface AdvanceOptions {
  /**
   * Process keys whose timer start events the test drives: their start timers are scheduled
   * (as the worker's sweep would after a deployment) before the clock moves, and fire when due.
   */
  startTimersOf?: string[];
}

/**
 * Moves the app's test clock forward by `ms` and lets the work that fell due run through the real
 * runtime. First the app settles, so every outbox row written so far is published; then the outbox
 * jobs the relay delayed until a time the clock has now passed (a safety-net delivery, a timer, a
 * deadline) are promoted: in production Redis' time passes with the clock. The timers of
 * the app's instances that are due by the clock go (back) on the timer queue — a job still delayed in
 * Redis is promoted, a lost one added again — and fire through the worker as in production, until
 * no due timer of those instances is left; then the app settles (`untilSettled`), so a test may
 * check that something did not happen yet.
 */
export async function advanceClock(t: TestApp, ms: number, options: AdvanceOptions = {}): Promise<Date> {
  if (!t.clock) throw new Error('advanceClock needs an app started with a TestClock (startTestApp({ clock }))');
  const timers = inRoot(t.app).get(TimerService);
  const db = inRoot(t.app).get(DataSource);
  if (options.startTimersOf) await timers.reconcileStartTimers();
  // An outbox row the relay has not published yet would be published after the move as a job delayed
  // by the wall clock, past the promotion below: let the app settle first.
  await untilSettled(t);
  const before = t.clock.now();
  const now = t.clock.advance(ms);
  await promoteDueOutboxJobs(t, before, now);
  for (const timer of await dueStartTimers(db, options.startTimersOf ?? [], now)) await timers.enqueue(timer);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const due = (await db.query(
      `SELECT DISTINCT t.instance_id FROM timer t JOIN process_instance i ON i.id = t.instance_id
        WHERE t.state = 'scheduled' AND t.due_at <= $2 AND NOT i.suspended
          AND EXISTS (SELECT 1 FROM outbox o WHERE o.instance_id = t.instance_id AND o.queue_prefix = $1)`,
      [t.queuePrefix, now],
    )) as { instance_id: string }[];
    if (due.length === 0) break;
    for (const { instance_id } of due) await timers.sweep(instance_id);
    await untilSettled(t);
    if (round === MAX_ROUNDS - 1) throw new Error(`timers still due after ${MAX_ROUNDS} rounds at ${now.toISOString()}`);
  }
  await untilSettled(t);
  return now;
}

async function dueStartTimers(db: DataSource, processKeys: string[], now: Date): Promise<{ id: string; fired_count: number; due_at: Date }[]> {
  if (processKeys.length === 0) return [];
  return db.query(
    `SELECT t.id, t.fired_count, t.due_at FROM timer t JOIN process_definition d ON d.id = t.definition_id
      WHERE t.instance_id IS NULL AND t.state = 'scheduled' AND t.due_at <= $2 AND d.key = ANY($1::text[])`,
    [processKeys, now],
  );
}

/** Promotes the delayed jobs of the app's outbox rows that fell due between `after` and `until`. */
async function promoteDueOutboxJobs(t: TestApp, after: Date, until: Date): Promise<void> {
  const rows = (await inRoot(t.app).get(DataSource).query(
    `SELECT id, topic, payload->>'queueJobId' AS queue_job_id FROM outbox
      WHERE queue_prefix = $1 AND published_at IS NOT NULL AND available_at > $2 AND available_at <= $3`,
    [t.queuePrefix, after, until],
  )) as { id: string; topic: string; queue_job_id: string | null }[];
  for (const row of rows) {
    const job = await inRoot(t.app).get(QueueProducer).queue(row.topic).getJob(row.queue_job_id ?? outboxJobId(row.id));
    if (job && (await job.getState()) === 'delayed') await job.promote().catch(() => undefined);
  }
}
