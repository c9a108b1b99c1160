import type { ElementType, EventKind } from '../model/process-model';

/**
 * Which event definitions libs/engine runs on which event type. Error, escalation and
 * compensation start events are only valid in event subprocesses (whose start events are
 * checked for a definition with their scope).
 */
const ALLOWED: Partial<Record<ElementType, EventKind[]>> = {
  startEvent: ['none', 'message', 'timer', 'signal', 'conditional'],
  endEvent: ['none', 'message', 'signal', 'error', 'escalation', 'terminate', 'compensate'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'conditional', 'link'],
  intermediateThrowEvent: ['none', 'message', 'signal', 'escalation', 'link', 'compensate'],
  boundaryEvent: ['message', 'timer', 'signal', 'error', 'escalation', 'conditional', 'compensate'],
};

const EVENT_SUBPROCESS_STARTS: EventKind[] = ['none', 'message', 'timer', 'signal', 'conditional', 'error', 'escalation', 'compensate'];

/** True when an event of this type may carry this kind of definition. */
export function isAllowedEventKind(type: ElementType, kind: EventKind, inEventSubprocess: boolean): boolean {
  if (type === 'startEvent' && inEventSubprocess) return EVENT_SUBPROCESS_STARTS.includes(kind);
  return ALLOWED[type]?.includes(kind) ?? false;
}
