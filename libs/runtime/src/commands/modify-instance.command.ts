import { Injectable } from '@nestjs/common';
import { EngineError, type ModificationInstruction, type Variables } from '@tongban/engine';
import { DomainError } from '@tongban/kernel';
import { CommandExecutor } from '../instances/command-executor';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';

/** An admin's modification of a running instance: elements to activate and element instances to cancel. */
export interface InstanceModification {
  activate: { elementId: string; variables?: Variables }[];
  cancel: { elementKey: string }[];
  comment?: string;
}

/**
 * Admin modification command: activates elements and cancels element instances of a running instance
 * (Camunda's process instance modification), all or nothing.
 *
 * Refusals (nothing written): 404 for a missing instance, 404 ELEMENT_NOT_FOUND / ELEMENT_INSTANCE_NOT_FOUND
 * for an element or element instance the instance does not have, 409 MODIFICATION_REFUSED for an
 * element that cannot be activated (a boundary or start event, inside a multi-instance body, …), 409
 * INSTANCE_NOT_ACTIVE once ended, 409 INSTANCE_SUSPENDED while suspended.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked;
 * 2. an `instance.modification` history row with the actor, the instructions and the reason;
 * 3. the engine's `modify`: the activations first, then the cancellations (so a move never ends the
 *    scope in between), each recorded as `instance.modified`;
 * 4. the effects' rows (tasks created and cancelled, jobs, timers); the instance commit.
 */
@Injectable()
export class ModifyInstanceCommand {
  constructor(private readonly executor: CommandExecutor) {}

  async run(id: string, modification: InstanceModification, actor: string): Promise<ProcessInstanceEntity> {
    const instructions: ModificationInstruction[] = [
      ...modification.activate.map((a) => ({ activateBefore: a.elementId, ...(a.variables ? { variables: a.variables } : {}) })),
      ...modification.cancel.map((c) => ({ cancel: c.elementKey })),
    ];
    if (instructions.length === 0) throw new DomainError('VALIDATION_FAILED', 'A modification needs at least one element to activate or element instance to cancel', { fields: ['activate', 'cancel'] });
    try {
      return await this.executor.execute(id, { type: 'modify', instructions }, {
        actor,
        prepare: async (_manager, _instance, history) => {
          history.record({ type: 'instance.modification', data: { instructions, ...(modification.comment ? { comment: modification.comment } : {}) } });
        },
      });
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INSTANCE_NOT_ACTIVE') throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
      throw error;
    }
  }
}
