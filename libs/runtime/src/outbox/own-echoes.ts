/** Echoes of this process's own rings expected at most (rings with no notification of their own, such as a sweep's, are never echoed). */
const MAX_ECHOES = 64;

/**
 * Which outbox notifications a relay has already answered. A command of this process that rang the
 * in-process signal has also notified the outbox channel, and that notification (the echo) comes
 * back from one of this process's own pool connections: each ring expects one, and a notification
 * of an own backend is let pass while one is expected. Any other notification (another process's, or
 * one of this process that no ring announced) wakes the relay. `forget` drops the echoes still
 * expected (one that never came would otherwise let pass a later notification no ring announced).
 */
export class OwnEchoes {
  private readonly backends = new Set<number>();
  private expected = 0;

  /** A pool connection of this process (its backend's process id), as it is checked out. */
  own(backend: number): void {
    this.backends.add(backend);
  }

  /** A pool connection of this process closed. */
  disown(backend: number): void {
    this.backends.delete(backend);
  }

  /** The in-process signal rang: its notification is on its way. */
  rang(): void {
    this.expected = Math.min(this.expected + 1, MAX_ECHOES);
  }

  /** Whether a notification from `backend` should wake the relay. */
  wakes(backend: number): boolean {
    if (this.expected > 0 && this.backends.has(backend)) {
      this.expected -= 1;
      return false;
    }
    return true;
  }

  forget(): void {
    this.expected = 0;
  }
}
