/**
 * Whether a batch may wait for more items: while `expecting()` says more are on their way, a batch
 * smaller than `maxBatch` waits for them up to `ms` milliseconds (counted from the moment it would
 * otherwise have been handled). `expecting` is asked again each time an item arrives and whenever
 * the owner calls `ResultBatcher.recheck()`.
 */
export interface BatchLinger {
  ms: number;
  expecting: () => boolean;
}

/**
 * Group commit for a queue's consumer: the jobs the worker's BullMQ consumer holds at once are
 * handled together, one batch at a time. A job that arrives while a batch is being handled waits
 * for the next one (up to `maxBatch` jobs), so an idle worker adds no delay and a busy one makes
 * fewer, larger transactions or reads. Each job's promise settles with its own outcome: the consumer
 * acknowledges it, or BullMQ retries it, one by one. Used for the results queue (the results applied
 * in one transaction) and the events queue (the events' audiences read in one statement); with a
 * `linger`, by the department job-worker client (its outcomes reported as one results-queue job).
 */
export class ResultBatcher<T, R = void> {
  private readonly waiting: { item: T; resolve: (value: R) => void; reject: (reason: unknown) => void }[] = [];
  private draining = false;
  private wake?: () => void;

  constructor(
    private readonly applyAll: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly maxBatch: number,
    private readonly linger?: BatchLinger,
  ) {}

  apply(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.draining) void this.drain();
      else this.recheck();
    });
  }

  /** A lingering batch stops waiting once it is full or nothing more is expected. */
  recheck(): void {
    if (this.wake && (this.waiting.length >= this.maxBatch || !this.linger!.expecting())) this.wake();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // the jobs BullMQ hands out in this turn of the event loop join the first batch
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.waiting.length > 0) {
        if (this.linger && this.waiting.length < this.maxBatch && this.linger.expecting()) await this.lingerFor(this.linger.ms);
        const batch = this.waiting.splice(0, this.maxBatch);
        let outcomes: PromiseSettledResult<R>[];
        try {
          outcomes = await this.applyAll(batch.map((entry) => entry.item));
        } catch (error) {
          outcomes = batch.map(() => ({ status: 'rejected', reason: error }));
        }
        batch.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (outcome?.status === 'fulfilled') entry.resolve(outcome.value);
          else entry.reject(outcome?.reason ?? new Error('not handled'));
        });
      }
    } finally {
      this.draining = false;
    }
  }

  private lingerFor(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
