import { Module, type DynamicModule } from '@nestjs/common';
import { CatalogWorkerModule } from '@tongban/catalog';
import { IdentityModule } from '@tongban/identity';
import { ClockModule, ConfigModule, DatabaseModule, LoggingModule, ObservabilityModule, RuntimeControlModule, RuntimeModule, RuntimeWorkerModule, WorkflowsDirDeployer, type Clock } from '@tongban/runtime';
import { MIGRATIONS } from '../../../migrations';
import { ApiKeyController } from './api-keys/api-key.controller';
import { AuthController } from './auth/auth.controller';
import { OidcController } from './auth/oidc.controller';
import { CatalogApiModule } from './catalog/catalog-api.module';
import { DepartmentController } from './departments/department.controller';
import { RegionController } from './regions/region.controller';
import { DecisionController } from './decisions/decision.controller';
import { DefinitionController } from './definitions/definition.controller';
import { DeploymentController } from './deployments/deployment.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { IdentityAuditController } from './identity-audit/identity-audit.controller';
import { IncidentController } from './incidents/incident.controller';
import { InstanceControlController } from './instances/instance-control.controller';
import { InstanceVariablesController } from './instances/instance-variables.controller';
import { ElementTriggerController } from './instances/element-trigger.controller';
import { InstanceController } from './instances/instance.controller';
import { JobController } from './jobs/job.controller';
import { MeController } from './me/me.controller';
import { MePhraseController } from './me/me-phrase.controller';
import { MessageController } from './messages/message.controller';
import { SignalController } from './signals/signal.controller';
import { TaskController } from './tasks/task.controller';
import { TaskFormController } from './forms/task-form.controller';
import { TaskOperationController } from './tasks/task-operation.controller';
import { TaskSignerController } from './tasks/task-signer.controller';
import { TaskCcController } from './tasks/task-cc.controller';
import { InstanceModificationController } from './instances/instance-modification.controller';
import { InstanceMigrationController } from './instances/instance-migration.controller';
import { UserController } from './users/user.controller';
import { QueueBoardController } from './queue-board/queue-board.controller';
import { QueueBoardService } from './queue-board/queue-board.service';

export interface ApiModuleOptions {
  /** Run the worker's relay and processors in this process too (embedded quick start, tests). */
  withWorker?: boolean;
  /** The time of the runtime and the catalog; the system clock when absent (a test passes a `TestClock`). */
  clock?: Clock;
}

/** The HTTP application: REST API over the durable runtime. */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule,
        LoggingModule,
        ClockModule.forRoot(options.clock),
        DatabaseModule.forRoot({ migrations: MIGRATIONS, readReplica: true }),
        RuntimeModule,
        RuntimeControlModule,
        ObservabilityModule,
        IdentityModule,
        CatalogApiModule,
        ...(options.withWorker ? [RuntimeWorkerModule, CatalogWorkerModule] : []),
      ],
      // express tries routes in this order: the hot ones (a bundle's start, its open tasks, their completions; the probes) first
      controllers: [TaskController, InstanceController, HealthController, AuthController, OidcController, DeploymentController, DefinitionController, DecisionController, TaskOperationController, TaskSignerController, TaskCcController, MessageController, SignalController, JobController, IncidentController, InstanceControlController, InstanceModificationController, InstanceMigrationController, InstanceVariablesController, MeController, MePhraseController, UserController, DepartmentController, RegionController, ApiKeyController, IdentityAuditController, ElementTriggerController, QueueBoardController, TaskFormController],
      providers: [HealthService, WorkflowsDirDeployer, QueueBoardService],
    };
  }
}
