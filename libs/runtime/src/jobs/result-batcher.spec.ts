import { ResultBatcher } from './result-batcher';

const settled = <T>(values: T[]): PromiseSettledResult<T>[] => values.map((value) => ({ status: 'fulfilled', value }));
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ResultBatcher', () => {
  it('handles the items of one turn together, and one arriving meanwhile in the next batch', async () => {
    // given
    const batches: number[][] = [];
    const batcher = new ResultBatcher<number, number>(async (items) => (batches.push(items), settled(items.map((n) => n * 10))), 32);

    // when
    const first = [1, 2, 3].map((n) => batcher.apply(n));
    await later(0);
    const fourth = batcher.apply(4);

    // then
    expect(await Promise.all([...first, fourth])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('with a linger, waits for the items still expected, up to its bound, and not at all once none is expected', async () => {
    // given three handlers running, whose items arrive a few milliseconds apart
    const batches: number[][] = [];
    let running = 3;
    const batcher = new ResultBatcher<number>(async (items) => (batches.push(items), settled(items.map(() => undefined))), 32, { ms: 60_000, expecting: () => running > 0 });
    const arrive = async (n: number, ms: number) => {
      await later(ms);
      running--;
      return batcher.apply(n);
    };

    // when (settling at all: the bound is a minute, past the spec's timeout)
    await Promise.all([arrive(1, 0), arrive(2, 5), arrive(3, 10)]);

    // then: one batch, handled as the last expected item arrived
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('with a linger, hands a batch on at its bound when an expected item does not come, and at once when full', async () => {
    // given a handler that keeps running
    const batches: number[][] = [];
    let running = 1;
    const batcher = new ResultBatcher<number>(async (items) => (batches.push(items), settled(items.map(() => undefined))), 2, { ms: 20, expecting: () => running > 0 });

    // when
    await batcher.apply(1);
    const full = Promise.all([batcher.apply(2), batcher.apply(3), batcher.apply(4)]);
    await full;

    // then
    expect(batches).toEqual([[1], [2, 3], [4]]);
    running = 0;
  });

  it('with a linger, stops waiting when the owner rechecks and nothing more is expected', async () => {
    // given
    const batches: number[][] = [];
    let running = 2;
    const batcher = new ResultBatcher<number>(async (items) => (batches.push(items), settled(items.map(() => undefined))), 32, { ms: 60_000, expecting: () => running > 0 });

    // when one item arrives and the other handler ends without one (its job is retried)
    running--;
    const one = batcher.apply(1);
    await later(5);
    running--;
    batcher.recheck();

    // then
    await one;
    expect(batches).toEqual([[1]]);
  });
});
