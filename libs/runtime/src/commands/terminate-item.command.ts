import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError } from '@tongban/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { newDomainEvent } from '../events/domain-event-entry';
import { CommandExecutor, type CommandHistory } from '../instances/command-executor';
import { returnedRows } from '../control/returned-rows.util';
import { tasks } from '../persistence/task.repository';
import { decideCompletion } from '../tasks/task-decision';
import { TERMINATED_DECISION } from './end-unanswered-correction.command';

/** The elements of one item of a case: its approval steps, and its held steps with where the refused path continues. */
export interface ItemElements {
  steps: string[];
  holds: Array<{ elementId: string; continueAt: string }>;
}

/** What terminating an item ended: its open approval step (or one waiting for 补正), or its held certificate step. */
export type ItemTerminated = 'step-ended' | 'certificate-withheld';

/** Who terminates an item, why, and what the history row of the termination says besides. */
export interface ItemTermination {
  item: string;
  department: string;
  actor: string;
  comment: string;
  data: Record<string, unknown>;
  /** The owner's own guarded writes in the same transaction (its follow-up closed); throwing rolls everything back. */
  claim: (manager: EntityManager, now: Date) => Promise<void>;
}

/**
 * Terminate-item command: a department ends one item of a running case, whatever its work is waiting
 * on. An open, claimed or returned-for-correction (补正) approval step ends as refused with the decision `terminated` and the opinion
 * (the instance takes the item's refused path); a held step after the decision (a certificate waiting
 * for deferred materials) is cancelled and the token continues on the refused path instead, so no
 * certificate is issued and a parallel join is not left waiting. 409 when the item has nothing open.
 * ONE transaction (the instance command): the instance row read and locked; the open step found
 * again under the lock; `claim`; the task row compare-and-set (a lost race: 409); `item.terminated`
 * (and `task.completed`) history rows; the engine completes the wait or modifies the instance.
 */
@Injectable()
export class TerminateItemCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(instanceId: string, item: ItemElements, t: ItemTermination): Promise<ItemTerminated> {
    const open = await openWork(this.dataSource.manager, instanceId, item);
    if (!open) throw new ConflictError(`The item has no open step to terminate in process instance ${instanceId}`, { instanceId });
    const now = this.clock.now();
    if (open.kind === 'task') {
      const task = (await tasks.read(this.dataSource.manager, open.id))!;
      const command = { type: 'completeTask' as const, key: task.elementKey, variables: undefined as Record<string, unknown> | undefined };
      await this.executor.execute(instanceId, command, {
        actor: t.actor,
        prepare: async (manager, instance, history) => {
          await t.claim(manager, now);
          command.variables = decideCompletion(await this.definitions.model(instance.definitionId, manager), task.elementId, undefined, { decision: 'reject' }).variables;
          await tasks.transition(manager, task, { state: 'completed', assignee: task.assignee ?? t.actor, endedAt: now, completedBy: t.actor, decision: TERMINATED_DECISION, comment: t.comment });
          history.taskEnded({ id: task.id, elementId: task.elementId, endedAt: now });
          history.record({
            type: 'task.completed', elementId: task.elementId, elementKey: task.elementKey, at: now,
            data: { taskId: task.id, decision: TERMINATED_DECISION, comment: t.comment, variables: Object.keys(command.variables ?? {}), values: command.variables ?? {} },
          });
          record(history, instanceId, task.elementId, now, t, 'step-ended');
        },
      });
      return 'step-ended';
    }
    await this.executor.execute(instanceId, { type: 'modify', instructions: [{ activateBefore: open.continueAt }, { cancel: open.elementKey }] }, {
      actor: t.actor,
      prepare: async (manager, _instance, history) => {
        const [job] = returnedRows<{ state: string }>(await manager.query(`SELECT state FROM job WHERE id = $1`, [open.id]));
        if (!job || !['activatable', 'activated'].includes(job.state)) throw new ConflictError(`The held step of process instance ${instanceId} ended meanwhile`, { instanceId });
        await t.claim(manager, now);
        record(history, instanceId, open.elementId, now, t, 'certificate-withheld');
      },
    });
    return 'certificate-withheld';
  }
}

/** The `item.terminated` history row. */
function record(history: CommandHistory, instanceId: string, elementId: string, at: Date, t: ItemTermination, ended: ItemTerminated): void {
  history.record({ type: 'item.terminated', elementId, at, data: { ...t.data, item: t.item, department: t.department, comment: t.comment, ended } });
  history.publishEvent(newDomainEvent('item.terminated', at, { processInstanceId: instanceId }, { department: t.department, item: t.item, comment: t.comment }));
}

/** The item's open approval step, else its held (open) job with where the refused path continues. */
async function openWork(manager: EntityManager, instanceId: string, item: ItemElements): Promise<
  { kind: 'task'; id: string } | { kind: 'job'; id: string; elementId: string; elementKey: string; continueAt: string } | undefined
> {
  const [task] = returnedRows<{ id: string }>(await manager.query(
    `SELECT id FROM task WHERE instance_id = $1 AND element_id = ANY($2::text[]) AND state IN ('open', 'claimed', 'correction') ORDER BY created_at DESC LIMIT 1`, [instanceId, item.steps]));
  if (task) return { kind: 'task', id: task.id };
  const holds = item.holds.map((h) => h.elementId);
  const [job] = returnedRows<{ id: string; element_id: string; element_key: string }>(await manager.query(
    `SELECT id, element_id, element_key FROM job WHERE instance_id = $1 AND element_id = ANY($2::text[]) AND state IN ('activatable', 'activated') ORDER BY created_at DESC LIMIT 1`, [instanceId, holds]));
  if (!job) return undefined;
  return { kind: 'job', id: job.id, elementId: job.element_id, elementKey: job.element_key, continueAt: item.holds.find((h) => h.elementId === job.element_id)!.continueAt };
}
