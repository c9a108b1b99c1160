/** What the outage log writes to (a Nest Logger). */
export interface OutageLogger {
  warn(message: string): void;
  log(message: string): void;
}

const CONNECTION_ERRORS = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed/;

/**
 * Reports a Redis outage once for all the workers of a process, and its end, instead of one warning
 * per worker per reconnect attempt: the workers reconnect on their own, so the repeats say nothing new.
 * Errors other than a lost connection are not handled here and are reported every time.
 */
export class RedisOutageLog {
  private readonly down = new Set<string>();

  constructor(private readonly logger: OutageLogger) {}

  /** Records a worker's error; false when it is not a lost connection (then the caller reports it). */
  connectionError(worker: string, error: Error): boolean {
    if (!CONNECTION_ERRORS.test(error.message)) return false;
    if (this.down.size === 0) this.logger.warn(`Redis unreachable (${error.message}): workers reconnect on their own`);
    this.down.add(worker);
    return true;
  }

  /** A worker's connection is ready again: Redis is back, the outage has ended. */
  ready(): void {
    if (this.down.size === 0) return;
    this.down.clear();
    this.logger.log('Redis reachable again: workers resumed');
  }
}
