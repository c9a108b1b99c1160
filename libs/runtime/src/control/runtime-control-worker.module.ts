import { RuntimeRetention } from '../retention/runtime-retention';
import { Module } from '@nestjs/common';
import { JobResultProcessor } from '../jobs/job-result.processor';
import { MessageProcessor } from '../messages/message.processor';
import { RuntimeModule } from '../runtime.module';
import { TimerProcessor } from '../timers/timer.processor';
import { ControlProcessor } from './control.processor';
import { RuntimeControlModule } from './runtime-control.module';
import { RedisLossRecovery } from './redis-loss.recovery';
import { RuntimeSweeper } from './runtime-sweeper';
import { StrandedWorkRecovery } from './stranded-work.recovery';

/** The worker side: due timers, deliveries, job results, children to cancel, and the periodic sweep. */
@Module({
  imports: [RuntimeModule, RuntimeControlModule],
  providers: [TimerProcessor, MessageProcessor, JobResultProcessor, ControlProcessor, RedisLossRecovery, StrandedWorkRecovery, RuntimeSweeper, RuntimeRetention],
})
export class RuntimeControlWorkerModule {}
