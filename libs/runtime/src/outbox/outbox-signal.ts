import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { OUTBOX_CHANNEL } from './outbox-notifications';

/** The mark a transaction that wrote outbox rows carries on its query runner's `data`. */
const WROTE_OUTBOX = 'tongbanWroteOutbox';

/** The signal of each data source, for writers that only hold an entity manager. */
const signals = new WeakMap<DataSource, OutboxSignal>();

/**
 * Marks that `manager` has just written outbox rows: inside a transaction the transaction is marked
 * and signals once its COMMIT has answered (nothing on a rollback); outside any transaction (the
 * statement committed on its own) it signals now.
 */
export function outboxWritten(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (runner?.isTransactionActive) {
    runner.data = { ...(runner.data as object | undefined), [WROTE_OUTBOX]: true };
    return;
  }
  signals.get(manager.connection)?.ring();
}

/**
 * Tells the outbox relays that committed outbox rows wait, never from inside a transaction: a
 * NOTIFY in a transaction makes PostgreSQL commit it under one server-wide lock held through the
 * WAL flush, so such commits reach the disk one at a time.
 *
 * - A transaction marked by `outboxWritten` rings once its COMMIT has answered (TypeORM's
 *   `afterTransactionCommit`); callers may also ring after a commit of their own.
 * - In a process that runs a relay (it listens here), a ring wakes that relay in-process and sends
 *   nothing to the database.
 * - In a process without a relay, a ring sends `SELECT pg_notify(…)` outside any transaction, for
 *   relays in other processes. At most one is in flight: rings while it is under way are answered by
 *   ONE more when it returns, so a burst of commits costs a few notifications, and the last commit is
 *   always followed by one. A failed notification is left to the relays' poll.
 * A process that dies between a COMMIT and its signal loses only the wake-up: the relays' poll and
 * the stranded-work sweep publish the rows.
 */
@Injectable()
export class OutboxSignal implements EntitySubscriberInterface {
  private readonly logger = new Logger(OutboxSignal.name);
  private readonly listeners = new Set<() => void>();
  private inFlight = false;
  private pending = false;
  /** Notifications sent to the database by this process (relays in other processes wake on them). */
  notifications = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    signals.set(dataSource, this);
    dataSource.subscribers.push(this);
  }

  ring(): void {
    if (this.listeners.size > 0) {
      for (const listener of this.listeners) listener();
      return;
    }
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    void this.notify();
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive || !takeMark(event.queryRunner)) return;
    this.ring();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takeMark(event.queryRunner);
  }

  private async notify(): Promise<void> {
    this.inFlight = true;
    try {
      do {
        this.pending = false;
        this.notifications += 1;
        try {
          await this.dataSource.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, this.config.queuePrefix]);
        } catch (error) {
          this.logger.debug(`outbox notification not sent, left to the relays' poll: ${(error as Error).message}`);
        }
      } while (this.pending && this.listeners.size === 0);
    } finally {
      this.inFlight = false;
    }
  }
}

/** Whether the query runner's transaction was marked by `outboxWritten`; clears the mark. */
function takeMark(runner: QueryRunner): boolean {
  const data = runner.data as Record<string, unknown> | undefined;
  if (!data?.[WROTE_OUTBOX]) return false;
  delete data[WROTE_OUTBOX];
  return true;
}
