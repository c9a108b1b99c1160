import type { TimerDef } from '../model/process-model';

const DURATION =
  /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?!$)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const CRON = /^\S+(\s+\S+){4,6}$/;

/**
 * Why a literal (non-FEEL) timer text cannot be scheduled, or undefined when it can: ISO 8601
 * durations (P3D), date-times (2026-01-01T09:00:00+08:00) and repeating intervals
 * (R5/PT1H, R/2026-01-01T09:00:00Z/P1D). Cron cycles are not run by tongban.
 */
export function timerTextProblem(type: TimerDef['type'], text: string): { unsupported: boolean; message: string } | undefined {
  if (type === 'duration') return DURATION.test(text) ? undefined : invalid(`"${text}" is not an ISO 8601 duration such as P3D or PT4H`);
  if (type === 'date') return isDateTime(text) ? undefined : invalid(`"${text}" is not an ISO 8601 date-time`);
  const parts = text.split('/');
  if (/^R\d*$/.test(parts[0]) && (parts.length === 2 || parts.length === 3)) {
    const durationOk = DURATION.test(parts[parts.length - 1]);
    const startOk = parts.length === 2 || isDateTime(parts[1]);
    if (durationOk && startOk && parts[0] !== 'R0') return undefined;
  }
  if (CRON.test(text)) return { unsupported: true, message: `cron cycle "${text}" is not supported; write an ISO 8601 repeating interval such as R/P1D` };
  return invalid(`"${text}" is not an ISO 8601 repeating interval such as R5/PT1H`);
}

function isDateTime(text: string): boolean {
  return DATE_TIME.test(text);
}

function invalid(message: string): { unsupported: boolean; message: string } {
  return { unsupported: false, message };
}
