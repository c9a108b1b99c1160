import { OUTBOX_JOB_OPTIONS, type QueueProducer } from '@tongban/runtime';

/** How far ahead a sweep looks for scheduled warnings, and how many it takes at once. */
export const SWEEP_LOOKAHEAD_MS = 60_000;
export const SWEEP_BATCH = 1_000;

/**
 * How often a sweep puts scheduled warnings back on the queue: every 30 s, or at the runtime's sweep
 * pace (`TONGBAN_SWEEP_MS`) when that is slower (an app on a test clock sweeps when its test says).
 */
export function sweepEveryMs(): number {
  const value = Number(process.env.TONGBAN_SWEEP_MS);
  return Math.max(30_000, Number.isFinite(value) ? value : 0);
}

/** A scheduled warning as PostgreSQL holds it. */
export interface ScheduledWarning {
  id: string;
  generation: number;
  due_at: Date | null;
  region?: string;
}

/**
 * Puts the job of each scheduled warning back on `topic`'s queue under its own job id when Redis holds
 * none (a FLUSHALL, a restart without persistence), promotes a delayed one that is due, and leaves
 * waiting or active ones alone; a job put back here carries its row's region as an outbox job would.
 * Returns how many it added.
 */
export async function requeueWarnings(producer: QueueProducer, topic: string, name: string, rows: ScheduledWarning[], jobIdOf: (row: ScheduledWarning) => string, now: Date): Promise<number> {
  const queue = producer.queue(topic);
  let added = 0;
  for (const row of rows) {
    const jobId = jobIdOf(row);
    const delay = Math.max(0, new Date(row.due_at!).getTime() - now.getTime());
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed' && delay === 0) await existing.promote().catch(() => undefined);
      if (state !== 'completed' && state !== 'failed') continue;
      await existing.remove().catch(() => undefined);
    }
    await queue.add(name, { warningId: row.id, generation: row.generation, ...(row.region ? { outboxRegion: row.region } : {}) }, { ...OUTBOX_JOB_OPTIONS, jobId, delay });
    added++;
  }
  return added;
}
