import { OutboxTopic } from '../outbox/outbox.topics';

/** The queue of due timers and the job id of one firing: re-adding the same firing adds nothing. */
export const TIMER_TOPIC = OutboxTopic.timers;

export function timerJobId(timerId: string, firing: number): string {
  return `timer-${timerId}-${firing}`;
}

/** What a due-timer job carries: the timer row and the firing it is for. */
export interface TimerDue {
  timerId: string;
  firing: number;
}
