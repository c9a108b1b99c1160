import { Module } from '@nestjs/common';
import { IdempotentStartService } from '../idempotency/idempotent-start.service';
import { IncidentService } from '../incidents/incident.service';
import { JobService } from '../jobs/job.service';
import { MessageService } from '../messages/message.service';
import { RuntimeModule } from '../runtime.module';
import { TimerService } from '../timers/timer.service';
import { InstanceControlService } from './instance-control.service';
import { InstanceVariablesService } from './instance-variables.service';
import { ElementTriggerService } from './element-trigger.service';
import { RedisPolicyCheck } from './redis-policy.check';

/** Timers, messages and signals, system-task jobs, incidents, instance control and idempotent starts. */
@Module({
  imports: [RuntimeModule],
  providers: [TimerService, MessageService, JobService, IncidentService, InstanceControlService, InstanceVariablesService, ElementTriggerService, IdempotentStartService, RedisPolicyCheck],
  exports: [TimerService, MessageService, JobService, IncidentService, InstanceControlService, InstanceVariablesService, ElementTriggerService, IdempotentStartService],
})
export class RuntimeControlModule {}
