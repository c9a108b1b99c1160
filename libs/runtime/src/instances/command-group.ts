import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable } from '@nestjs/common';
import type { Command } from '@tongban/engine';
import { RUNTIME_CONFIG, type RuntimeConfig, groupCommitRunning, groupCommitSize, groupCommitWaiting, regionContext } from '@tongban/kernel';
import { CommandExecutor, type BatchedCommand, type CommandTarget, type ExecuteOptions } from './command-executor';
import type { ProcessInstanceEntity } from './process-instance.entity';

/** A command waiting for a slot, with the region scope and async context of its caller. */
interface Waiting {
  item: BatchedCommand;
  scope: string;
  context: AsyncResource;
  resolve(instance: ProcessInstanceEntity): void;
  reject(reason: unknown): void;
}

/**
 * Group commit of the concurrent instance commands of one process (task completions over REST).
 *
 * With `TONGBAN_GROUP_COMMIT=true`, at most `slots` of their transactions run at once (the pool but
 * two); without it, each command is `CommandExecutor.execute`'s own transaction. A
 * command arriving while a slot is free runs at once, alone, exactly as `CommandExecutor.execute`
 * runs it: no timer adds latency. A command arriving while every slot is busy waits; when a slot
 * frees, the oldest waiting command and the others of the same region scope waiting behind it (up to
 * `max`) run together in ONE transaction (`CommandExecutor.executeAll`: instance-id order, commands
 * of one instance one after the other; should one of them fail, the batch rolls back and each runs
 * again alone, so a refusal answers its own caller only). Commands of different region scopes are
 * never grouped: the transaction's connection carries the scope of its callers, and row-level
 * security reads with it. The batch runs in the async context of its oldest caller. Each caller is
 * answered once the transaction that applied its command committed.
 */
@Injectable()
export class CommandGroup {
  private running = 0;
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** `CommandExecutor.execute`, grouped with the commands that wait with it. */
  execute(target: CommandTarget, command: Command, options: ExecuteOptions): Promise<ProcessInstanceEntity> {
    const group = this.config.groupCommit;
    if (!group) return this.executor.execute(target, command, options);
    if (this.running < group.slots && this.waiting.length === 0) {
      groupCommitSize.observe(1);
      return this.inSlot(() => this.executor.execute(target, command, options));
    }
    return new Promise<ProcessInstanceEntity>((resolve, reject) => {
      this.waiting.push({ item: { target, command, options }, scope: scopeKey(), context: new AsyncResource('tongban.group-commit'), resolve, reject });
      groupCommitWaiting.inc();
    });
  }

  private async inSlot<T>(run: () => Promise<T>): Promise<T> {
    this.running++;
    groupCommitRunning.inc();
    try {
      return await run();
    } finally {
      this.running--;
      groupCommitRunning.dec();
      this.startWaiting();
    }
  }

  /** While slots are free: the oldest waiting command and those of its scope behind it, as one transaction. */
  private startWaiting(): void {
    const group = this.config.groupCommit!;
    while (this.running < group.slots && this.waiting.length > 0) {
      const batch = this.takeBatch(group.max);
      groupCommitWaiting.dec(batch.length);
      groupCommitSize.observe(batch.length);
      void this.inSlot(() => batch[0].context.runInAsyncScope(() => this.executor.executeAll(batch.map((waiting) => waiting.item)))).then(
        (outcomes) => outcomes.forEach((outcome, i) => (outcome.status === 'fulfilled' ? batch[i].resolve(outcome.value) : batch[i].reject(outcome.reason))),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      );
    }
  }

  private takeBatch(max: number): Waiting[] {
    const scope = this.waiting[0].scope;
    const batch: Waiting[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < max; ) {
      if (this.waiting[i].scope === scope) batch.push(...this.waiting.splice(i, 1));
      else i++;
    }
    return batch;
  }
}

/** The caller's region scope as the settings its connection would carry. */
function scopeKey(): string {
  const settings = regionContext.settingsOf(regionContext.current());
  return `${settings.region}\n${settings.regions}\n${settings.inherited}`;
}
