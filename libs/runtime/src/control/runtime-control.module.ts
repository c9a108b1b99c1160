import { Module } from '@nestjs/common';
import { IdempotentStartService } from '../idempotency/idempotent-start.service';
import { IncidentService } from '../incidents/incident.service';
import { JobService } from '../jobs/job.service';
import { MessageService } from '../messages/message.service';
import { RuntimeModule } from '../runtime.module';
import { TimerService } from '../timers/timer.service';
import { FireTimerCommand } from '../commands/fire-timer.command';
import { CorrelateMessageCommand } from '../commands/correlate-message.command';
import { ResolveIncidentCommand } from '../commands/resolve-incident.command';
import { TimerQueue } from '../timers/timer-queue';
import { InstanceControlService } from './instance-control.service';
import { InstanceVariablesService } from './instance-variables.service';
import { ElementTriggerService } from './element-trigger.service';
import { RedisPolicyCheck } from './redis-policy.check';

/** Timers, messages and signals, system-task jobs, incidents, instance control and idempotent starts. */
@Module({
  imports: [RuntimeModule],
  providers: [TimerService, TimerQueue, FireTimerCommand, MessageService, CorrelateMessageCommand, JobService, IncidentService, ResolveIncidentCommand, InstanceControlService, InstanceVariablesService, ElementTriggerService, IdempotentStartService, RedisPolicyCheck],
  exports: [TimerService, MessageService, JobService, IncidentService, InstanceControlService, InstanceVariablesService, ElementTriggerService, IdempotentStartService],
})
export class RuntimeControlModule {}
