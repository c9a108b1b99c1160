import { applyDecorators, SetMetadata } from '@nestjs/common';

export const JOB_HANDLER_TOPIC = 'tongban:job-handler-topic';
export const JOB_HANDLER_OPTIONS = 'tongban:job-handler-options';

export interface JobHandlerOptions {
  /** Jobs of the topic this process works on at once (default 8). */
  concurrency?: number;
}

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
export const JobHandler = (topic: string, options: JobHandlerOptions = {}): MethodDecorator =>
  applyDecorators(SetMetadata(JOB_HANDLER_TOPIC, topic), SetMetadata(JOB_HANDLER_OPTIONS, options));
