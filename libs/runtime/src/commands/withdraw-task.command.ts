import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProcessModel } from '@tongban/bpmn';
import { engine, stepsAfter, type Command, type ModificationInstruction } from '@tongban/engine';
import { DomainError, ForbiddenError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { CommandExecutor } from '../instances/command-executor';
import { taskEvents } from '../persistence/task-event.repository';
import { taskSuccessors } from '../persistence/task-successor.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Withdraw command (撤回): the person who completed a task takes the completion back while the next
 * step(s) it produced are untouched; those are cancelled and the task's element is activated again,
 * claimed by that person.
 *
 * The next steps are the instance's active tasks whose nearest return target (`engine.returnTargets`)
 * is the completed task's element: the steps the completion led to directly in the same branch. When
 * the task stands before a parallel fork they are the first tasks of its branches (`stepsAfter`):
 * every branch must still wait at its first task, untouched, and all of them are cancelled.
 * Refusals, before anything is written: 404 / 403 as for reading the task; 403 unless the actor
 * completed it; 409 WITHDRAW_REFUSED (the reason in the message) unless it is completed, no later
 * task of its element exists, and at least one next step is active and every next step is open
 * (not claimed) with no draft.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked; the instance's active tasks locked (a concurrent claim or draft
 *    waits, then sees the withdrawal; one that came first makes this one refuse);
 * 2. the checks above on the locked rows; a `task.withdrawn` history row (actor, time, the next steps
 *    cancelled, the opinion) and a `task.withdrawn` outbox row (topic `task-events`);
 * 3. the engine's `modify [{cancel: next}…, {activateBefore: element}]`;
 * 4. the re-activated task's row is given to the actor (claimed), then the instance commit.
 */
@Injectable()
export class WithdrawTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, comment: string, actor: Actor): Promise<TaskView> {
    const task = taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor);
    if (task.completedBy !== actor.name) throw new ForbiddenError(`Only the person who completed task ${id} may withdraw it`);
    if (task.state !== 'completed') throw refused(id, `the task is ${task.state}`);
    const now = this.clock.now();
    const instructions: ModificationInstruction[] = [];
    const command: Command = { type: 'modify', instructions };
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance, history) => {
        instructions.length = 0;
        const active = await taskSuccessors.activeLocked(manager, task.instanceId);
        if (await taskSuccessors.laterOfSameElement(manager, task)) throw refused(id, `step ${task.elementId} has run again since`);
        const model = await this.definitions.model(instance.definitionId, manager);
        const direct = active.filter((other) => engine.returnTargets(model, instance.engineState, other.elementKey)[0]?.elementId === task.elementId);
        const next = direct.length > 0 ? direct : branchesAfter(model, task.elementId, active, id);
        if (next.length === 0) throw refused(id, 'no next step of it is waiting any more');
        const touched = next.find((other) => other.state !== 'open' || other.draft);
        if (touched) throw refused(id, `the next step ${touched.elementId} is ${touched.state === 'open' ? 'drafted' : `claimed by ${touched.assignee}`}`);
        instructions.push(...next.map((other) => ({ cancel: other.elementKey })), { activateBefore: task.elementId });
        history.record({ type: 'task.withdrawn', elementId: task.elementId, elementKey: task.elementKey, at: now, data: { taskId: id, cancelled: next.map((other) => other.id), comment } });
        await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.withdrawn', instanceId: task.instanceId, payload: { taskId: id } });
      },
      gathered: (ctx) => {
        for (const created of ctx.tasks) if (created.elementId === task.elementId) created.assignee = actor.name;
      },
    });
    return taskViewOf(task);
  }
}

/** The first tasks of the branches a parallel fork after the element started; every branch must still wait there. */
function branchesAfter<T extends { elementId: string }>(model: ProcessModel, elementId: string, active: T[], id: string): T[] {
  const after = stepsAfter(model, elementId);
  const next = active.filter((other) => after.elementIds.includes(other.elementId));
  if (next.length === 0 || !after.all) return next;
  const moved = after.elementIds.find((step) => !next.some((other) => other.elementId === step));
  if (moved) throw refused(id, `the branch step ${moved} has moved on`);
  if (next.length !== after.elementIds.length) throw refused(id, 'a branch step waits more than once');
  return next;
}

function refused(id: string, reason: string): DomainError {
  return new DomainError('WITHDRAW_REFUSED', `Task ${id} cannot be withdrawn: ${reason}`, { taskId: id, reason });
}
