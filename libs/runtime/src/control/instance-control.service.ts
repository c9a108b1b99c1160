import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { CancelInstanceCommand } from '../commands/cancel-instance.command';
import { TimerService } from '../timers/timer.service';
import { returnedRows } from './returned-rows.util';

export interface InstanceControlResult {
  id: string;
  state: string;
  suspended: boolean;
}

/** Operator control of a running instance: cancel, suspend, resume. */
@Injectable()
export class InstanceControlService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cancelInstance: CancelInstanceCommand,
    private readonly timers: TimerService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** See `CancelInstanceCommand`. */
  async cancel(id: string, actor: string | null): Promise<InstanceControlResult> {
    const instance = await this.cancelInstance.run(id, actor);
    return { id, state: instance.state, suspended: false };
  }

  /**
   * Suspend command. ONE statement: `suspended = true` and the version bumped (a command that read
   * the instance before is re-run and refused) on a running instance, plus a history row. A
   * suspended instance refuses task completion, job activation and results, timers, messages and
   * signals with 409 INSTANCE_SUSPENDED; its due timers wait until it is resumed.
   */
  async suspend(id: string, actor: string | null): Promise<InstanceControlResult> {
    return this.setSuspended(id, true, actor);
  }

  /** Resume command: the reverse of suspend; timers that fell due meanwhile fire now. */
  async resume(id: string, actor: string | null): Promise<InstanceControlResult> {
    const result = await this.setSuspended(id, false, actor);
    await this.timers.sweep(id);
    return result;
  }

  /** Cancels an instance a parent's cancellation reached; an instance already ended is left alone. */
  cancelChild(id: string): Promise<void> {
    return this.cancelInstance.runForParent(id);
  }

  private async setSuspended(id: string, suspended: boolean, actor: string | null): Promise<InstanceControlResult> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const rows = returnedRows<{ state: string }>(await manager.query(
        `UPDATE process_instance SET suspended = $2, version = version + 1, updated_at = $3
          WHERE id = $1 AND ended_at IS NULL RETURNING state`,
        [id, suspended, now],
      ));
      if (rows.length !== 1) {
        const [exists] = (await manager.query(`SELECT state FROM process_instance WHERE id = $1`, [id])) as { state: string }[];
        if (!exists) throw new NotFoundError('Process instance', id);
        throw this.notActive(id);
      }
      await manager.query(`INSERT INTO history_event (instance_id, type, at, actor) VALUES ($1, $2, $4, $3)`, [id, suspended ? 'instance.suspended' : 'instance.resumed', actor, now]);
      return { id, state: rows[0].state, suspended };
    });
  }

  private notActive(id: string): DomainError {
    return new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
  }
}
