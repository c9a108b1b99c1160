import { Injectable } from '@nestjs/common';

/**
 * In-process wake-up for the outbox relay: a command that wrote outbox rows rings it after commit,
 * so a relay in the same process publishes at once instead of at its next poll.
 */
@Injectable()
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  ring(): void {
    for (const listener of this.listeners) listener();
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
