import type { Pool } from './pg-client';
import { clerkOf, isOk, type RestClient } from './rest-client';
import { sleep } from './wait';
import { startInstance } from './workflow-driver';

interface OpenTask {
  id: string;
  department: string | null;
}

/**
 * Drives bundles while a scenario breaks things: starts instances and completes their tasks over
 * REST, retrying through errors, and remembers every 2xx so that it can be checked against the truth
 * in PostgreSQL afterwards.
 */
export class ResilientLoad {
  readonly acknowledgedStarts = new Set<string>();
  readonly acknowledgedCompletions = new Set<string>();
  readonly statuses = new Map<number, number>();

  constructor(private readonly client: RestClient, private readonly db: Pool, readonly processKey: string, private readonly tasksPerInstance: number) {}

  /** Runs `clients` closed-loop drivers until `isStopped()`; resolves when they have all finished. */
  async run(clients: number, isStopped: () => boolean): Promise<void> {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (!isStopped()) await this.oneBundle(isStopped);
      }),
    );
  }

  /** Completes every open task of this process key, over REST, until every instance has completed. Returns the ids still not completed. */
  async settle(timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const open = await this.query<OpenTask>(
        `SELECT t.id, t.department FROM task t JOIN process_instance p ON p.id = t.instance_id
          WHERE p.process_key = $1 AND t.state IN ('open', 'claimed')`,
        [this.processKey],
      );
      for (const task of open) await this.complete(task);
      const pending = await this.query<{ id: string }>(`SELECT id FROM process_instance WHERE process_key = $1 AND state <> 'completed'`, [this.processKey]);
      if (pending.length === 0 || Date.now() > deadline) return pending.map((row) => row.id);
      await sleep(500);
    }
  }

  /** 2xx completions whose task is not `completed` in PostgreSQL: each is a 2xx without a commit. */
  async uncommittedAcknowledgements(): Promise<{ completions: number; starts: number }> {
    const tasks = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM task WHERE id = ANY($1::uuid[]) AND state = 'completed'`, [[...this.acknowledgedCompletions]]);
    const instances = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM process_instance WHERE id = ANY($1::uuid[])`, [[...this.acknowledgedStarts]]);
    return { completions: this.acknowledgedCompletions.size - tasks[0].n, starts: this.acknowledgedStarts.size - instances[0].n };
  }

  async instanceCount(): Promise<number> {
    const rows = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM process_instance WHERE process_key = $1`, [this.processKey]);
    return rows[0].n;
  }

  statusSummary(): string {
    return [...this.statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status === 0 ? 'no-response' : status}×${n}`).join(' ');
  }

  private async oneBundle(isStopped: () => boolean): Promise<void> {
    const started = await startInstance(this.client, this.processKey, { applicant: { name: '李四' } });
    this.count(started.status);
    if (!isOk(started.status)) {
      await sleep(100);
      return;
    }
    const instanceId = started.body.id as string;
    this.acknowledgedStarts.add(instanceId);
    for (let round = 0; round < 100 && !isStopped(); round++) {
      const tasks = await this.query<OpenTask & { state: string }>(`SELECT id, department, state FROM task WHERE instance_id = $1`, [instanceId]);
      if (tasks.filter((task) => task.state === 'completed').length >= this.tasksPerInstance) return;
      const open = tasks.filter((task) => task.state === 'open' || task.state === 'claimed');
      if (open.length === 0) await sleep(100);
      for (const task of open) await this.complete(task);
    }
  }

  /** One completion attempt; a 409 (completed already, or a concurrent command won) is left to the next look. */
  private async complete(task: OpenTask): Promise<void> {
    const res = await this.client.post(`/api/v1/tasks/${task.id}/complete`, clerkOf(task.department ?? 'market-regulation'), { variables: { approved: true } });
    this.count(res.status);
    if (isOk(res.status)) {
      this.acknowledgedCompletions.add(task.id);
      return;
    }
    if (res.status === 0 || res.status >= 500) await sleep(100);
  }

  private count(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  private async query<Row>(text: string, values: unknown[]): Promise<Row[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.db.query<Row>(text, values)).rows;
      } catch (error) {
        if (attempt >= 20) throw error;
        await sleep(100);
      }
    }
  }
}
