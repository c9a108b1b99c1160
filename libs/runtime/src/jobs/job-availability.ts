import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnections } from '../queues/redis-connections';

/**
 * Wakes long-polling job activations (`POST /jobs/activate` with a `requestTimeout`) when jobs of
 * their type are published: the outbox relay announces the job types of every batch it adds to the
 * queues on one Redis pub/sub channel of the deployment's queue prefix, and each process holds one
 * subscriber connection for all of its waiting requests, in whatever process the relay runs.
 */
@Injectable()
export class JobAvailability implements BeforeApplicationShutdown {
  private publisher?: Redis;
  private subscriber?: Redis;
  private subscribed?: Promise<unknown>;
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Set at shutdown: waiting activations answer at once, before the database connections close. */
  closing = false;

  constructor(private readonly redis: RedisConnections) {}

  private get channel(): string {
    return `${this.redis.prefix}:jobs.available`;
  }

  /** Tells every waiting activation of these types that jobs were published (best effort: a lost announcement only delays until the request's timeout). */
  async announce(types: Iterable<string>): Promise<void> {
    const unique = [...new Set(types)];
    if (unique.length === 0) return;
    this.publisher ??= this.redis.create();
    await Promise.all(unique.map((type) => this.publisher!.publish(this.channel, type))).catch(() => undefined);
  }

  /**
   * Registers a waiter for the type before the caller looks for jobs (so a job published in between
   * is not missed); `wait(ms)` resolves on an announcement of the type or after `ms`, whichever is first.
   */
  async watch(type: string, signal?: AbortSignal): Promise<{ wait(ms: number): Promise<void>; close(): void }> {
    await this.ensureSubscribed();
    let wake: () => void = () => undefined;
    let woken = false;
    const listener = (): void => {
      woken = true;
      wake();
    };
    const set = this.waiters.get(type) ?? new Set();
    set.add(listener);
    this.waiters.set(type, set);
    signal?.addEventListener('abort', listener, { once: true });
    return {
      wait: (ms) => new Promise<void>((resolve) => {
        if (woken || this.closing || signal?.aborted) {
          woken = false;
          resolve();
          return;
        }
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          woken = false;
          resolve();
        }
        wake = done;
      }),
      close: () => {
        set.delete(listener);
        if (set.size === 0) this.waiters.delete(type);
        wake();
      },
    };
  }

  private ensureSubscribed(): Promise<unknown> {
    if (!this.subscribed) {
      this.subscriber = this.redis.create();
      this.subscriber.on('message', (_channel: string, type: string) => {
        for (const listener of this.waiters.get(type) ?? []) listener();
      });
      this.subscribed = this.subscriber.subscribe(this.channel);
    }
    return this.subscribed;
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const set of this.waiters.values()) for (const listener of set) listener();
  }
}
