/** ISO 8601 durations (PnYnMnDTnHnMnS, PnW) and their addition to a point in time, in UTC. */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(text: string): IsoDuration | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const n = (i: number): number => (match[i] ? Number(match[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** The instant `duration` after `from` (calendar months and years, then fixed-length units). */
export function addDuration(from: number, d: IsoDuration): number {
  const date = new Date(from);
  if (d.years || d.months) {
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + Math.trunc(d.years) * 12 + Math.trunc(d.months));
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  const ms = (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
  return date.getTime() + Math.round(ms);
}

/** An ISO 8601 date-time as epoch milliseconds (a missing zone means UTC). */
export function parseIsoDateTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) && trimmed.includes('T');
  const ms = Date.parse(hasZone || !trimmed.includes('T') ? trimmed : `${trimmed}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
