import { Injectable } from '@nestjs/common';
import type { Effect } from '@tongban/engine';
import type { CommandContext } from './command-context';
import { flowAppliers } from './flow.appliers';
import { incidentAppliers } from './incident.appliers';
import { outboxAppliers } from './outbox.appliers';
import { taskAppliers } from './task.appliers';
import { TaskLifecycle } from './task-lifecycle';
import { callCancelAppliers } from '../control/call-cancel.appliers';
import { jobAppliers } from '../jobs/job.appliers';
import { messageAppliers } from '../messages/message.appliers';
import { signalAppliers } from '../signals/signal.appliers';
import { timerAppliers } from '../timers/timer.appliers';

export type EffectType = Effect['type'];
export type EffectOf<T extends EffectType> = Extract<Effect, { type: T }>;
export type EffectApplier<T extends EffectType> = (ctx: CommandContext, effect: EffectOf<T>) => Promise<void> | void;
export type EffectApplierTable = { [T in EffectType]?: EffectApplier<T> };

/** An effect type registered by two capabilities: the second would silently replace the first. */
export class DuplicateEffectApplierError extends Error {
  constructor(type: string) {
    super(`An applier of effect ${type} is registered already`);
  }
}

/**
 * Maps each engine effect to the rows it writes inside the command's transaction. Capabilities
 * register their own appliers (e.g. message subscriptions), each effect type once; an effect without
 * one is kept in the instance's history under its own type, so nothing the engine said is dropped.
 * Once a command's effects are applied, the task lifecycle listeners are told every task it ended
 * (its own completion and its cancelled tasks), in one call.
 */
@Injectable()
export class EffectAppliers {
  private readonly table: EffectApplierTable = {};

  constructor(private readonly lifecycle: TaskLifecycle) {
    for (const appliers of [flowAppliers, taskAppliers, incidentAppliers, outboxAppliers]) this.register(appliers);
    for (const appliers of [timerAppliers, messageAppliers, signalAppliers, jobAppliers, callCancelAppliers]) this.register(appliers);
  }

  /** Adds a capability's appliers; an effect type that has one already throws `DuplicateEffectApplierError`. */
  register(appliers: EffectApplierTable): void {
    const table = this.table as Record<string, unknown>;
    for (const [type, applier] of Object.entries(appliers)) {
      if (table[type] !== undefined) throw new DuplicateEffectApplierError(type);
      table[type] = applier;
    }
  }

  async applyAll(ctx: CommandContext, effects: Effect[]): Promise<void> {
    for (const effect of effects) {
      const applier = this.table[effect.type] as EffectApplier<EffectType> | undefined;
      if (applier) await applier(ctx, effect);
      else recordUnapplied(ctx, effect);
    }
    await this.lifecycle.ended(ctx.manager, ctx.endedTasks.splice(0));
  }
}

function recordUnapplied(ctx: CommandContext, effect: Effect): void {
  const { type, ...data } = effect as Effect & { elementId?: string; key?: string };
  ctx.record({ type, elementId: data.elementId ?? null, elementKey: data.key ?? null, data });
}
