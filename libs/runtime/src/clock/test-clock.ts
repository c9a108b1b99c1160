import type { Clock } from './clock';

/** A clock that stands still until a test moves it: `set` jumps to an instant, `advance` moves forward. */
export class TestClock implements Clock {
  private current: number;

  /** Starts at `start`, or at the wall-clock time of construction. */
  constructor(start: Date | number | string = Date.now()) {
    this.current = instantOf(start, 'TestClock');
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Jumps to `instant`, forwards or backwards. */
  set(instant: Date | number | string): Date {
    this.current = instantOf(instant, 'TestClock.set');
    return this.now();
  }

  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`TestClock.advance: expected a non-negative duration, got ${ms}`);
    this.current += ms;
    return this.now();
  }
}

function instantOf(value: Date | number | string, what: string): number {
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what}: invalid instant ${String(value)}`);
  return ms;
}
