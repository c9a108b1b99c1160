import { SetMetadata } from '@nestjs/common';

export const JOB_HANDLER_TOPIC = 'tongban:job-handler-topic';

/** What a job handler receives besides its payload. */
export interface JobInfo {
  id: string;
  name: string;
  attemptsMade: number;
}

export type JobHandlerMethod = (payload: Record<string, unknown>, job: JobInfo) => Promise<void>;

/**
 * Marks a provider method as the processor of one queue topic. The worker runs a BullMQ worker
 * per topic that has a handler; two handlers for one topic stop the start.
 */
export const JobHandler = (topic: string): MethodDecorator => SetMetadata(JOB_HANDLER_TOPIC, topic);
