import { Injectable } from '@nestjs/common';
import { CancelInstanceCommand } from '../commands/cancel-instance.command';
import { SuspendInstanceCommand } from '../commands/suspend-instance.command';
import { TimerService } from '../timers/timer.service';

export interface InstanceControlResult {
  id: string;
  state: string;
  suspended: boolean;
}

/** Operator control of a running instance: cancel, suspend, resume. */
@Injectable()
export class InstanceControlService {
  constructor(
    private readonly cancelInstance: CancelInstanceCommand,
    private readonly suspendInstance: SuspendInstanceCommand,
    private readonly timers: TimerService,
  ) {}

  /** See `CancelInstanceCommand`. */
  async cancel(id: string, actor: string | null): Promise<InstanceControlResult> {
    const instance = await this.cancelInstance.run(id, actor);
    return { id, state: instance.state, suspended: false };
  }

  /** See `SuspendInstanceCommand`. */
  async suspend(id: string, actor: string | null): Promise<InstanceControlResult> {
    return { id, state: await this.suspendInstance.run(id, true, actor), suspended: true };
  }

  /** Resume: see `SuspendInstanceCommand`; timers that fell due meanwhile fire now. */
  async resume(id: string, actor: string | null): Promise<InstanceControlResult> {
    const state = await this.suspendInstance.run(id, false, actor);
    await this.timers.sweep(id);
    return { id, state, suspended: false };
  }

  /** Cancels an instance a parent's cancellation reached; an instance already ended is left alone. */
  cancelChild(id: string): Promise<void> {
    return this.cancelInstance.runForParent(id);
  }
}
