import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DecisionDefinitionEntity } from './decisions/decision-definition.entity';
import { DecisionRepository } from './decisions/decision.repository';
import { DecisionService } from './decisions/decision.service';
import { DefinitionService } from './definitions/definition.service';
import { DeploymentEntity } from './definitions/deployment.entity';
import { DeploymentService } from './definitions/deployment.service';
import { ModelCompilePool } from './definitions/compile/model-compile.pool';
import { ProcessDefinitionEntity } from './definitions/process-definition.entity';
import { EffectAppliers } from './effects/effect-appliers';
import { HistoryEventEntity } from './history/history-event.entity';
import { IncidentEntity } from './incidents/incident.entity';
import { CommandExecutor } from './instances/command-executor';
import { CommandGroup } from './instances/command-group';
import { InstanceService } from './instances/instance.service';
import { CaseAccessService } from './access/case-access.service';
import { ProcessInstanceEntity } from './instances/process-instance.entity';
import { OutboxSignal } from './outbox/outbox-signal';
import { OutboxEntity } from './outbox/outbox.entity';
import { QueueProducer } from './queues/queue-producer';
import { RedisConnections } from './queues/redis-connections';
import { TaskEntity } from './tasks/task.entity';
import { TaskService } from './tasks/task.service';
import { ClaimTaskCommand } from './commands/claim-task.command';
import { CompleteTaskCommand } from './commands/complete-task.command';
import { UnclaimTaskCommand } from './commands/unclaim-task.command';
import { TaskCompletionGuards } from './tasks/task-completion.guard';
import { ApplyJobResultCommand } from './commands/apply-job-result.command';
import { CompleteJobCommand } from './commands/complete-job.command';
import { FailJobCommand } from './commands/fail-job.command';
import { JobCommandRunner } from './commands/job-command.runner';
import { ThrowJobErrorCommand } from './commands/throw-job-error.command';
import { CancelInstanceCommand } from './commands/cancel-instance.command';
import { SuspendInstanceCommand } from './commands/suspend-instance.command';
import { ContinueInstanceCommand } from './commands/continue-instance.command';
import { CompleteCallCommand } from './commands/complete-call.command';
import { StartCalledInstanceCommand } from './commands/start-called-instance.command';
import { SetVariablesCommand } from './commands/set-variables.command';
import { HoldTaskForCorrectionCommand } from './commands/hold-task-for-correction.command';
import { ReopenCorrectedTaskCommand } from './commands/reopen-corrected-task.command';
import { EndUnansweredCorrectionCommand } from './commands/end-unanswered-correction.command';
import { TerminateItemCommand } from './commands/terminate-item.command';
import { ScheduledMessages } from './outbox/scheduled-messages';
import { TransferTaskCommand } from './commands/transfer-task.command';
import { ReturnTaskCommand } from './commands/return-task.command';
import { UrgeTaskCommand } from './commands/urge-task.command';
import { SaveTaskDraftCommand } from './commands/save-task-draft.command';
import { WithdrawTaskCommand } from './commands/withdraw-task.command';
import { AddTaskSignersCommand } from './commands/add-task-signers.command';
import { RemoveTaskSignerCommand } from './commands/remove-task-signer.command';
import { SignTaskCommand } from './commands/sign-task.command';
import { CopyTaskCommand } from './commands/copy-task.command';
import { TaskCopyService } from './tasks/task-copy.service';
import { DelegateTaskCommand } from './commands/delegate-task.command';
import { ResolveTaskCommand } from './commands/resolve-task.command';
import { ModifyInstanceCommand } from './commands/modify-instance.command';
import { MigrateInstanceCommand } from './commands/migrate-instance.command';
import { TaskOperationsService } from './tasks/operations/task-operations.service';
import { JobCompletionParticipants } from './jobs/job-completion.participant';
import { TaskCreationListeners } from './tasks/task-creation.listener';
import { JobQueueWithdrawal } from './jobs/job-queue.withdrawal';
import { DomainEventOutbox } from './events/domain-event.outbox';
import { EventAudiences } from './events/event-audiences';
import { TaskLifecycle } from './effects/task-lifecycle';
import { JobAvailability } from './jobs/job-availability';

const PROVIDERS = [
  DecisionRepository, DecisionService, DefinitionService, DeploymentService, ModelCompilePool, EffectAppliers, CommandExecutor, CommandGroup, InstanceService, CaseAccessService,
  TaskService, TaskCompletionGuards, ClaimTaskCommand, UnclaimTaskCommand, CompleteTaskCommand, HoldTaskForCorrectionCommand, ReopenCorrectedTaskCommand, EndUnansweredCorrectionCommand, TerminateItemCommand, ScheduledMessages,
  TransferTaskCommand, ReturnTaskCommand, UrgeTaskCommand, SaveTaskDraftCommand, WithdrawTaskCommand, AddTaskSignersCommand, RemoveTaskSignerCommand, SignTaskCommand, CopyTaskCommand, TaskCopyService, DelegateTaskCommand, ResolveTaskCommand, ModifyInstanceCommand, MigrateInstanceCommand, TaskOperationsService,
  JobCommandRunner, JobCompletionParticipants, TaskCreationListeners, TaskLifecycle, JobQueueWithdrawal, CompleteJobCommand, FailJobCommand, ThrowJobErrorCommand, ApplyJobResultCommand,
  CancelInstanceCommand, SuspendInstanceCommand, SetVariablesCommand, ContinueInstanceCommand, StartCalledInstanceCommand, CompleteCallCommand,
  OutboxSignal, RedisConnections, QueueProducer, DomainEventOutbox, EventAudiences, JobAvailability,
];

/**
 * The durable shell: deploys definitions and applies commands in transactions. Needs
 * `ConfigModule` and `DatabaseModule.forRoot(…)` in the application.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeploymentEntity, ProcessDefinitionEntity, ProcessInstanceEntity, TaskEntity, HistoryEventEntity, IncidentEntity, OutboxEntity, DecisionDefinitionEntity]),
  ],
  providers: [...PROVIDERS],
  exports: [...PROVIDERS],
})
export class RuntimeModule {}
