/**
 * The time of the runtime, the catalog and identity: every "now" they stamp, compare or compute a due time
 * from comes from the `Clock` injected under `CLOCK`. Production runs on `SystemClock`; a test
 * passes a `TestClock` and moves it.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Injection token of the application's `Clock`. */
export const CLOCK = Symbol('CLOCK');
