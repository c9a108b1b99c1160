import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { multiInstanceOf, type Command, type InstanceState } from '@tongban/engine';
import { DomainError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { CommandExecutor } from '../instances/command-executor';
import { taskEvents } from '../persistence/task-event.repository';
import { taskHandovers } from '../persistence/task-handover.repository';
import { taskSigners } from '../persistence/task-signer.repository';
import { tasks } from '../persistence/task.repository';
import { operationRefused } from '../tasks/operations/operation-refused.error';
import { handoverRefusal } from '../tasks/operations/task-operation-rules';
import { taskAccess } from '../tasks/task-access';
import type { SignPosition, TaskEntity } from '../tasks/task.entity';

/** Whom 加签 adds: a user (who holds the new task) or a department's queue. */
export interface SignerTarget {
  assignee: string | null;
  department: string | null;
}

/** Where the added signers work: beside the others of a countersign, before or after a task. */
export type SignerPosition = SignPosition | 'parallel';

/** What 加签 answers: the new signers' task ids (for `parallel` and `before`; `after` creates them when the task completes). */
export interface SignersAdded {
  taskId: string;
  position: SignerPosition;
  taskIds: string[];
}

/**
 * Add-signers command (加签).
 * - `parallel` on a multi-instance (会签/或签/票签) task: the engine adds one inner instance per signer
 *   to the body (`addInstances`: the signers' names or departments as collection elements, or a
 *   count), so `nrOfInstances` and the completion condition count them; each new task is given to its
 *   signer (a user holds it, a department gets it in its queue).
 * - `before` (前加签): one signer's task per signer, sharing the task's wait key; the task waits in
 *   state `signing` and comes back as it was when the last of them has signed.
 * - `after` (后加签): the signers are kept on the task; its completion then creates their tasks and
 *   the engine moves on only when the last of them has signed.
 *
 * Refusals, before anything is written: 404 / 403 as for reading the task; 409 TASK_NOT_ACTIVE unless
 * open or claimed; 403 unless the actor is its assignee, a clerk of its department while it is open,
 * or an admin; 409 SIGNERS_REFUSED for `parallel` on a task that is no countersign, and for a
 * signer's own task.
 * ONE transaction (the instance command; `before` and `after` leave the engine state as it is):
 * 1. the instance row read and locked; the task row locked as read (a concurrent command → 409);
 * 2. the rows above; a `task.signers-added` history row (actor, time, position, signers, opinion)
 *    and a `task.signers-added` outbox row (topic `task-events`);
 * 3. for `parallel`: the engine's `modify [{addInstances: body}]`, its effects' rows, the new tasks
 *    given to their signers; then the instance commit.
 */
@Injectable()
export class AddTaskSignersCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, signers: SignerTarget[], position: SignerPosition, comment: string, actor: Actor): Promise<SignersAdded> {
    const task = taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor);
    const refusal = handoverRefusal(task, actor);
    if (refusal) throw operationRefused(refusal, id);
    if (task.signOf) throw refused(id, 'it is a signer\'s task; add signers to the task it signs for');
    const now = this.clock.now();
    const command: Command = { type: 'modify', instructions: [] };
    const taskIds: string[] = [];
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance, history) => {
        await taskHandovers.lock(manager, task);
        history.record({ type: 'task.signers-added', elementId: task.elementId, elementKey: task.elementKey, at: now, data: { taskId: id, position, signers: signers.map(named), comment } });
        await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.signers-added', instanceId: task.instanceId, payload: { taskId: id, position } });
        if (position === 'parallel') {
          command.instructions = [addInstruction(instance.engineState, task, signers)];
          return undefined;
        }
        const added = signers.map((signer) => ({ ...signer, addedBy: actor.name, comment }));
        if (position === 'after') await taskSigners.addAfter(manager, task, added);
        else {
          await taskSigners.hold(manager, task);
          taskIds.push(...await taskSigners.insert(manager, task, 'before', added, now));
        }
        return 'skip-engine';
      },
      gathered: (ctx) => {
        if (position !== 'parallel') return;
        const created = ctx.tasks.filter((t) => t.elementId === task.elementId);
        created.forEach((t, i) => {
          const signer = signers[i];
          if (!signer) return;
          t.assignee = signer.assignee;
          t.department = signer.department ?? t.department;
          taskIds.push(t.id);
        });
      },
    });
    return { taskId: id, position, taskIds };
  }
}

/** The `addInstances` instruction for the task's multi-instance body: the signers as collection elements, or their count. */
function addInstruction(state: InstanceState, task: TaskEntity, signers: SignerTarget[]): { addInstances: string; elements?: unknown[]; count?: number } {
  const body = multiInstanceOf(state, task.elementKey);
  if (!body) throw refused(task.id, 'it is a single task, not a countersign; add signers before or after it');
  return body.collection ? { addInstances: body.bodyKey, elements: signers.map(named) } : { addInstances: body.bodyKey, count: signers.length };
}

function named(signer: SignerTarget): string {
  return signer.assignee ?? signer.department ?? '';
}

function refused(id: string, reason: string): DomainError {
  return new DomainError('SIGNERS_REFUSED', `Task ${id}: ${reason}`, { taskId: id, reason });
}
