import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DecisionDefinitionEntity } from './decisions/decision-definition.entity';
import { DecisionRepository } from './decisions/decision.repository';
import { DecisionService } from './decisions/decision.service';
import { DefinitionService } from './definitions/definition.service';
import { DeploymentEntity } from './definitions/deployment.entity';
import { DeploymentService } from './definitions/deployment.service';
import { ProcessDefinitionEntity } from './definitions/process-definition.entity';
import { EffectAppliers } from './effects/effect-appliers';
import { HistoryEventEntity } from './history/history-event.entity';
import { IncidentEntity } from './incidents/incident.entity';
import { CommandExecutor } from './instances/command-executor';
import { InstanceService } from './instances/instance.service';
import { ProcessInstanceEntity } from './instances/process-instance.entity';
import { OutboxSignal } from './outbox/outbox-signal';
import { OutboxEntity } from './outbox/outbox.entity';
import { QueueProducer } from './queues/queue-producer';
import { RedisConnections } from './queues/redis-connections';
import { TaskEntity } from './tasks/task.entity';
import { TaskService } from './tasks/task.service';

/**
 * The durable shell: deploys definitions and applies commands in transactions. Needs
 * `ConfigModule` and `DatabaseModule.forRoot(…)` in the application.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DeploymentEntity, ProcessDefinitionEntity, ProcessInstanceEntity, TaskEntity, HistoryEventEntity, IncidentEntity, OutboxEntity, DecisionDefinitionEntity]),
  ],
  providers: [DecisionRepository, DecisionService, DefinitionService, DeploymentService, EffectAppliers, CommandExecutor, InstanceService, TaskService, OutboxSignal, RedisConnections, QueueProducer],
  exports: [DecisionService, DefinitionService, DeploymentService, EffectAppliers, CommandExecutor, InstanceService, TaskService, OutboxSignal, RedisConnections, QueueProducer],
})
export class RuntimeModule {}
