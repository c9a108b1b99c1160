import type { WorkerOptions } from 'bullmq';

/**
 * Stall handling of every BullMQ worker of Tongban (its processors and the department job-worker
 * client). A job whose worker died (kill -9, a crash) is "stalled" and handed to another worker once
 * its lock expires. BullMQ's default (`maxStalledCount: 1`) fails a job the second time that
 * happens, and nothing would pick it up again; Tongban's handlers are idempotent, so a stalled job
 * is always handed out again. Locks are renewed every `lockDuration / 2`; the stall check runs
 * every `stalledInterval`, so a crashed worker's jobs resume within about 15 s.
 */
export const STALL_OPTIONS: Pick<WorkerOptions, 'maxStalledCount' | 'stalledInterval' | 'lockDuration'> = {
  maxStalledCount: 1_000,
  stalledInterval: 5_000,
  lockDuration: 10_000,
};
