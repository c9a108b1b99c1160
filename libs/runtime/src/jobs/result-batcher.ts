/**
 * Group commit for the results queue: the results the worker's BullMQ consumer holds at once are
 * applied together, one batch at a time. A result that arrives while a batch is being applied waits
 * for the next one (up to `maxBatch` results), so an idle worker adds no delay and a busy one writes
 * fewer, larger transactions. Each result's promise settles with its own outcome: the consumer
 * acknowledges it, or BullMQ retries it, one by one.
 */
export class ResultBatcher<T> {
  private readonly waiting: { item: T; resolve: () => void; reject: (reason: unknown) => void }[] = [];
  private draining = false;

  constructor(
    private readonly applyAll: (items: T[]) => Promise<PromiseSettledResult<void>[]>,
    private readonly maxBatch: number,
  ) {}

  apply(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // the jobs BullMQ hands out in this turn of the event loop join the first batch
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        let outcomes: PromiseSettledResult<void>[];
        try {
          outcomes = await this.applyAll(batch.map((entry) => entry.item));
        } catch (error) {
          outcomes = batch.map(() => ({ status: 'rejected', reason: error }));
        }
        batch.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (outcome?.status === 'fulfilled') entry.resolve();
          else entry.reject(outcome?.reason ?? new Error('result not applied'));
        });
      }
    } finally {
      this.draining = false;
    }
  }
}
