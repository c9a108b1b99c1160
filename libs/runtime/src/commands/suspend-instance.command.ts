import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, NotFoundError } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { instances } from '../persistence/instance.repository';

/**
 * Suspend-instance command (and its reverse, resume): an operator stops a running instance from
 * moving on, or lets it go again. A suspended instance refuses task completion, job activation and
 * results, timers, messages and signals with 409 INSTANCE_SUSPENDED; its due timers wait until it is
 * resumed (the caller then sweeps them).
 *
 * Refusals: 404 for a missing instance; 409 INSTANCE_NOT_ACTIVE once it has ended.
 * ONE transaction: `UPDATE process_instance SET suspended, version = version + 1 WHERE id AND
 * ended_at IS NULL` (a command that read the instance before is re-run and refused), and an
 * `instance.suspended` / `instance.resumed` history row with the actor.
 */
@Injectable()
export class SuspendInstanceCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Sets `suspended`; returns the instance's state. */
  async run(id: string, suspended: boolean, actor: string | null): Promise<string> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const state = await instances.setSuspended(manager, id, suspended, now);
      if (state === undefined) {
        if (!(await instances.exists(manager, id))) throw new NotFoundError('Process instance', id);
        throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
      }
      await history.append(manager, id, actor, now, { type: suspended ? 'instance.suspended' : 'instance.resumed' });
      return state;
    });
  }
}
