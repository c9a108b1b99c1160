import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { allowedReturnTargets, type ReturnTarget } from '@tongban/engine';
import { hasRole, isConfinedToDepartment, mayWorkOn, type Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { DefinitionService } from '../../definitions/definition.service';
import { instanceSnapshots } from '../../persistence/instance-snapshot.repository';
import { tasks } from '../../persistence/task.repository';
import { taskAccess } from '../task-access';
import type { TaskEntity } from '../task.entity';
import { ccRefusal, handoverRefusal, signerRefusal } from './task-operation-rules';

/** An operation on a task and whether the caller may do it now. */
export interface TaskOperation {
  operation: 'claim' | 'unclaim' | 'complete' | 'draft' | 'transfer' | 'delegate' | 'resolve' | 'return' | 'withdraw' | 'urge' | 'addSigners' | 'removeSigner' | 'cc';
  allowed: boolean;
  /** Why not, when refused. */
  reason?: string;
  /** For `return`: the earlier steps the case can be sent back to, nearest first. */
  targets?: ReturnTarget[];
}

/** Answers "what may I do with this task now, and why not otherwise" by the rules the commands apply. */
@Injectable()
export class TaskOperationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionService,
  ) {}

  async list(id: string, actor: Actor): Promise<TaskOperation[]> {
    const task = taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor);
    const handover = handoverRefusal(task, actor)?.reason;
    return [
      verdict('claim', claimRefusal(task, actor)),
      verdict('unclaim', unclaimRefusal(task, actor)),
      verdict('complete', completeRefusal(task, actor)),
      verdict('draft', draftRefusal(task, actor)),
      verdict('transfer', handover),
      verdict('delegate', delegateRefusal(task, actor)),
      verdict('resolve', resolveRefusal(task, actor)),
      await this.returnOperation(task, handover),
      verdict('withdraw', withdrawRefusal(task, actor)),
      verdict('urge', urgeRefusal(task, actor)),
      verdict('addSigners', handover ?? (task.signOf ? 'a signer\'s task; signers are added to the task it signs for' : undefined)),
      verdict('removeSigner', signerRefusal(task, actor)?.reason),
      verdict('cc', ccRefusal(task, actor)),
    ];
  }

  private async returnOperation(task: TaskEntity, refusal: string | undefined): Promise<TaskOperation> {
    if (refusal) return verdict('return', refusal);
    const instance = await instanceSnapshots.read(this.dataSource.manager, task.instanceId);
    if (!instance) return verdict('return', 'the process instance is gone');
    const targets = allowedReturnTargets(await this.definitions.model(instance.definitionId), instance.engineState, task.elementKey);
    if (targets.length === 0) return { ...verdict('return', 'no earlier step in this branch has completed'), targets };
    return { operation: 'return', allowed: true, targets };
  }
}

function verdict(operation: TaskOperation['operation'], reason: string | undefined): TaskOperation {
  return reason === undefined ? { operation, allowed: true } : { operation, allowed: false, reason };
}

function workRefusal(task: TaskEntity, actor: Actor): string | undefined {
  if (!mayWorkOn(actor, task.department)) return `only a clerk of department ${task.department ?? '(none)'} or an admin may work on this task`;
  if (task.state !== 'open' && task.state !== 'claimed') return `the task is ${task.state}`;
  return undefined;
}

function claimRefusal(task: TaskEntity, actor: Actor): string | undefined {
  const refusal = workRefusal(task, actor);
  if (refusal) return refusal;
  return task.state === 'claimed' ? `the task is claimed by ${task.assignee}` : undefined;
}

function unclaimRefusal(task: TaskEntity, actor: Actor): string | undefined {
  const refusal = workRefusal(task, actor);
  if (refusal) return refusal;
  if (task.state !== 'claimed') return 'the task is not claimed';
  return task.assignee === actor.name || hasRole(actor, 'admin') ? undefined : `the task is claimed by ${task.assignee}`;
}

function draftRefusal(task: TaskEntity, actor: Actor): string | undefined {
  const refusal = workRefusal(task, actor);
  if (refusal) return refusal;
  return task.state === 'claimed' && task.assignee !== actor.name && !hasRole(actor, 'admin') ? `the task is claimed by ${task.assignee}` : undefined;
}

function completeRefusal(task: TaskEntity, actor: Actor): string | undefined {
  if (task.delegationState === 'pending' && workRefusal(task, actor) === undefined) return `the task is delegated to ${task.assignee}; it must be resolved first`;
  return draftRefusal(task, actor);
}

function delegateRefusal(task: TaskEntity, actor: Actor): string | undefined {
  const refusal = draftRefusal(task, actor);
  if (refusal) return refusal;
  return task.delegationState === 'pending' ? `the task is delegated to ${task.assignee}; it must be resolved first` : undefined;
}

function resolveRefusal(task: TaskEntity, actor: Actor): string | undefined {
  if (task.delegationState !== 'pending') return 'the task is not delegated';
  return task.assignee === actor.name ? undefined : `the task is delegated to ${task.assignee}; only they resolve it`;
}

/** The first checks of 撤回; whether the next step is still untouched is answered by the command itself. */
function withdrawRefusal(task: TaskEntity, actor: Actor): string | undefined {
  if (task.state !== 'completed') return 'only a completed task can be withdrawn';
  return task.completedBy === actor.name ? undefined : `only ${task.completedBy}, who completed it, may withdraw it`;
}

function urgeRefusal(task: TaskEntity, actor: Actor): string | undefined {
  if (isConfinedToDepartment(actor)) return 'supervisors and admins urge tasks';
  return task.state === 'open' || task.state === 'claimed' ? undefined : `the task is ${task.state}`;
}
