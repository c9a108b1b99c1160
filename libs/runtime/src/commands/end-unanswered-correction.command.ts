import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { CommandExecutor } from '../instances/command-executor';
import { tasks } from '../persistence/task.repository';
import { decideCompletion } from '../tasks/task-decision';

/** The decision recorded on a task whose correction request went unanswered. */
export const TERMINATED_DECISION = 'terminated';

/** Why an unanswered correction ends nothing: the task left `correction`, or the owner's rows say it happened. */
class NothingToEnd extends Error {}

/**
 * End-unanswered-correction command: the deadline of a correction request passed without a
 * supplement, and the step ends as refused (the instance takes its reject path) with the decision
 * `terminated`.
 *
 * Nothing is written when the task is no longer in `correction` or when `claim` (the request's
 * owner marking its row expired in the same transaction) finds it already ended: a repeated
 * deadline message ends nothing twice.
 * ONE transaction (the instance command): the instance row read and locked; `claim`; the reject
 * decision added under the task's decision variable; `UPDATE task SET state = 'completed', decision
 * = 'terminated' WHERE id AND state = 'correction'`; a `task.completed` history row; the engine
 * completes the wait; the effects' rows and the version-checked instance commit. Returns whether
 * the step was ended.
 */
@Injectable()
export class EndUnansweredCorrectionCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(taskId: string, actor: string, comment: string, claim: (manager: EntityManager, now: Date) => Promise<boolean>): Promise<boolean> {
    const task = await tasks.read(this.dataSource.manager, taskId);
    if (!task || task.state !== 'correction') return false;
    const now = this.clock.now();
    const command = { type: 'completeTask' as const, key: task.elementKey, variables: undefined as Record<string, unknown> | undefined };
    try {
      await this.executor.execute(task.instanceId, command, {
        actor,
        prepare: async (manager, instance, history) => {
          if (!(await claim(manager, now))) throw new NothingToEnd();
          command.variables = decideCompletion(await this.definitions.model(instance.definitionId, manager), task.elementId, undefined, { decision: 'reject' }).variables;
          await tasks.transition(manager, task, { state: 'completed', assignee: task.assignee ?? actor, endedAt: now, completedBy: actor, decision: TERMINATED_DECISION, comment });
          history.taskEnded({ id: task.id, elementId: task.elementId, endedAt: now });
          history.record({
            type: 'task.completed', elementId: task.elementId, elementKey: task.elementKey, at: now,
            data: { taskId, decision: TERMINATED_DECISION, comment, variables: Object.keys(command.variables ?? {}), values: command.variables ?? {} },
          });
        },
      });
      return true;
    } catch (error) {
      if (error instanceof NothingToEnd) return false;
      throw error;
    }
  }
}
