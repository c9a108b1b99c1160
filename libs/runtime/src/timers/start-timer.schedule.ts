import type { ElementDef, ProcessModel } from '@tongban/bpmn';
import { scheduleTimer, type TimerSchedule } from '@tongban/engine';

/** Smallest interval of a timer start cycle, as the engine allows for every cycle. */
const MIN_CYCLE_MS = 60_000;

/** The timer start events of a process (not those of event subprocesses). */
export function timerStartEvents(model: ProcessModel): ElementDef[] {
  return (model.scopes[model.id]?.eventStarts ?? [])
    .map((id) => model.elements[id])
    .filter((el): el is ElementDef => el?.event?.kind === 'timer' && !!el.event.timer);
}

/**
 * When a timer start event first fires. A FEEL expression (`=…`) has no instance to be evaluated in
 * and is evaluated without variables only when it is a plain string literal; otherwise undefined.
 */
export function scheduleStartTimer(el: ElementDef, now: number): TimerSchedule | undefined {
  const timer = el.event?.timer;
  if (!timer) return undefined;
  let text = timer.expression.trim();
  if (text.startsWith('=')) {
    const literal = /^=\s*"([^"]*)"\s*$/.exec(text);
    if (!literal) return undefined;
    text = literal[1];
  }
  const result = scheduleTimer(timer, text, now, MIN_CYCLE_MS);
  return result.ok ? result.schedule : undefined;
}
