import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { returnedRows } from '../control/returned-rows.util';
import { DefinitionService } from '../definitions/definition.service';
import { DomainError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';
import { instanceSummary, type InstanceSummary } from '../instances/instance.service';

export interface StartRequest {
  processKey: string;
  version?: number;
  businessKey?: string;
  variables?: Variables;
  /** Refuse (409 BUSINESS_KEY_TAKEN) when a running instance of the process has the same business key. */
  uniqueBusinessKey?: boolean;
}

export interface IdempotentStartResult {
  instance: InstanceSummary;
  /** False when an earlier request with the same key started the instance. */
  created: boolean;
}

/** How long an `Idempotency-Key` is remembered. */
export const IDEMPOTENCY_KEY_RETENTION_MS = 25 * 3600 * 1000;

class KeyTakenMeanwhile extends Error {}

/** Starts with an `Idempotency-Key` and/or a unique business key. */
@Injectable()
export class IdempotentStartService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionService,
    private readonly executor: CommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Start command with guards, ONE transaction: with a unique business key, a transaction lock on
   * (process, business key) and a check that no running instance has it (409 BUSINESS_KEY_TAKEN);
   * with an idempotency key, the `(caller, key)` row with the sha256 of the request is inserted with
   * the instance. A key seen before returns that instance (same request) or 422
   * IDEMPOTENCY_KEY_REUSED (another request); two requests racing with one key start one instance.
   */
  async start(request: StartRequest, idempotencyKey: string | undefined, actor: string, owner: string | null = null): Promise<IdempotentStartResult> {
    const { response, created } = await this.once<InstanceSummary>({ scope: actor, key: idempotencyKey, request }, async (remember) => {
      const definition = await this.definitions.findForStart(request.processKey, request.version);
      const row = await this.executor.start({
        definition,
        businessKey: request.businessKey,
        variables: request.variables,
        actor,
        owner,
        prepare: async (manager, instance) => {
          if (request.uniqueBusinessKey && request.businessKey) await this.refuseTakenBusinessKey(manager, definition.key, request.businessKey);
          await remember(manager, instance.id, instanceSummary(instance));
        },
      });
      return instanceSummary(row);
    });
    return { instance: response, created };
  }

  /**
   * Any start under an `Idempotency-Key` (a process start, an application's submission): `start`
   * runs the caller's start command and calls `remember` inside its transaction with the instance
   * and the response to give again. A key seen before in `scope` returns that response without
   * running `start` (same request) or refuses with 422 IDEMPOTENCY_KEY_REUSED (another request); of
   * two requests racing with one key, the second's transaction rolls back and it returns the first's
   * response. Without a key, `start` runs with a `remember` that does nothing.
   */
  async once<T>(
    guard: { scope: string; key: string | undefined; request: unknown },
    start: (remember: (manager: EntityManager, instanceId: string, response: T) => Promise<void>) => Promise<T>,
  ): Promise<{ response: T; created: boolean }> {
    const { scope, key } = guard;
    if (key === undefined) return { response: await start(async () => undefined), created: true };
    if (key.length === 0 || key.length > 255) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must have 1 to 255 characters');
    const hash = requestHash(guard.request);
    const earlier = await this.earlier<T>(scope, key, hash);
    if (earlier) return { response: earlier, created: false };
    try {
      const response = await start(async (manager, instanceId, answer) => {
        const inserted = returnedRows(await manager.query(
          `INSERT INTO idempotency_key (scope, key, request_hash, instance_id, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING key`,
          [scope, key, hash, instanceId, JSON.stringify(answer), this.clock.now()],
        ));
        if (inserted.length !== 1) throw new KeyTakenMeanwhile();
      });
      return { response, created: true };
    } catch (error) {
      if (!(error instanceof KeyTakenMeanwhile)) throw error;
      const first = await this.earlier<T>(scope, key, hash);
      if (!first) throw error;
      return { response: first, created: false };
    }
  }

  /** Forgets idempotency keys older than the retention. */
  async cleanup(): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_key WHERE created_at < $2::timestamptz - $1 * interval '1 millisecond'`, [IDEMPOTENCY_KEY_RETENTION_MS, this.clock.now()]);
  }

  private async earlier<T>(scope: string, key: string, hash: string): Promise<T | undefined> {
    const [row] = (await this.dataSource.query(`SELECT request_hash, instance_id, response FROM idempotency_key WHERE scope = $1 AND key = $2`, [scope, key])) as {
      request_hash: string;
      instance_id: string;
      response: T;
    }[];
    if (!row) return undefined;
    if (row.request_hash !== hash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for a different request`, { idempotencyKey: key, instanceId: row.instance_id });
    }
    return row.response;
  }

  private async refuseTakenBusinessKey(manager: EntityManager, processKey: string, businessKey: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('business-key:' || $1 || ':' || $2))`, [processKey, businessKey]);
    const [taken] = (await manager.query(
      `SELECT id FROM process_instance WHERE process_key = $1 AND business_key = $2 AND ended_at IS NULL LIMIT 1`,
      [processKey, businessKey],
    )) as { id: string }[];
    if (taken) throw new DomainError('BUSINESS_KEY_TAKEN', `A running instance of ${processKey} has business key ${businessKey}`, { processKey, businessKey, instanceId: taken.id });
  }
}

/** The fingerprint of a start request: sha256 of its JSON with object keys sorted. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
