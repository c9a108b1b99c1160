import { Logger } from '@nestjs/common';

/** The part of node-postgres' `Client` the listener uses (the package ships no type declarations). */
interface ListenClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string; processId: number }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'end', listener: () => void): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (options: { connectionString: string; application_name?: string }) => ListenClient };

/** The PostgreSQL channel a process without an outbox relay notifies after a commit that wrote outbox rows (`OutboxSignal`). */
export const OUTBOX_CHANNEL = 'tongban_outbox';

/**
 * Listens on the outbox channel with a dedicated connection and calls `onRows` with the notifying
 * backend's process id when a command of this queue prefix committed outbox rows, so relays in other
 * processes publish at once. Polling stays the fallback: a lost connection is re-opened after a pause.
 */
export class OutboxNotifications {
  private readonly logger = new Logger(OutboxNotifications.name);
  private client?: ListenClient;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private opening?: Promise<void>;

  constructor(
    private readonly databaseUrl: string,
    private readonly queuePrefix: string,
    private readonly onRows: (backend: number) => void,
  ) {}

  /** Opens the listening connection (again); `stop()` waits for an opening still under way. */
  async start(): Promise<void> {
    const opening = this.open();
    this.opening = opening;
    await opening;
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'tongban-outbox-listener' });
    client.on('notification', (message) => {
      if (message.payload === this.queuePrefix) this.onRows(message.processId);
    });
    client.on('error', (error) => {
      this.logger.warn(`outbox listener: ${error.message}`);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn(`outbox listener not connected: ${(error as Error).message}`);
      this.reconnect(client);
    }
  }

  /** Closes the connection, also one that was still being opened when the application shut down. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.opening;
    await this.client?.end().catch(() => undefined);
  }

  private reconnect(client: ListenClient): void {
    if (this.stopped || this.retry) return;
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, 1_000);
  }
}
