import { chineseDaysCalendar } from '../calendar/chinese-days.calendar';
import { hourClock, type HourLimit } from './hour-clock';
import { itemClock, type ClockPause, type ItemLimit } from './case-clock';
import { caseWarningPlan, CASE_SCOPE } from './case-warnings';
import { taskClock } from './task-clock';

const cal = chineseDaysCalendar([2025, 2026]);
const limit: HourLimit = { item: 'MB', promisedHours: 4, legalHours: 8, unit: 'working-hours' };
const beijing = (local: string) => new Date(`${local}+08:00`);
const accepted = beijing('2026-12-04T16:00:00');

describe('an hour clock', () => {
  it('is due Monday 12:00 for 4 working hours accepted Friday 16:00 and warns yellow, red, overdue in order', () => {
    // given a 4 working-hour limit accepted Friday 4 December 2026 at 16:00
    // when read at several instants
    const at = (local: string) => hourClock(accepted, limit, [], beijing(local), cal);
    // then
    expect(at('2026-12-04T16:30:00')).toMatchObject({ status: 'normal', remainingHours: 3.5, dueAt: beijing('2026-12-07T12:00:00'), legalDueAt: beijing('2026-12-07T16:00:00') });
    expect(at('2026-12-07T09:59:00').status).toBe('normal');
    expect(at('2026-12-07T10:00:00')).toMatchObject({ status: 'yellow', remainingHours: 2 });
    expect(at('2026-12-07T11:00:00')).toMatchObject({ status: 'red', remainingHours: 1 });
    expect(at('2026-12-07T12:00:01')).toMatchObject({ status: 'overdue' });
    expect(at('2026-12-07T13:00:00').remainingHours).toBe(-1);
  });

  it('stops while a pause runs and moves the due instant out by the working hours it ran', () => {
    // given a 补正 from Friday 16:30 to Monday 10:00 (1.5 working hours)
    const pause: ClockPause = { id: 'p', item: null, kind: 'correction', reason: '补正', pausedAt: beijing('2026-12-04T16:30:00'), resumedAt: beijing('2026-12-07T10:00:00') };
    // when read on Monday 11:00
    const clock = hourClock(accepted, limit, [pause], beijing('2026-12-07T11:00:00'), cal);
    // then
    expect(clock).toMatchObject({ pausedHours: 1.5, elapsedHours: 1.5, remainingHours: 2.5, dueAt: beijing('2026-12-07T13:30:00'), status: 'normal', paused: false });
  });

  it('reports a running pause as paused and does not advance while it runs', () => {
    // given an open pause of the item since Monday 09:00
    const pause: ClockPause = { id: 'p', item: 'MB', kind: 'inspection', reason: '现场核查', pausedAt: beijing('2026-12-07T09:00:00'), resumedAt: null };
    // when read on Monday 15:00
    const clock = hourClock(accepted, limit, [pause], beijing('2026-12-07T15:00:00'), cal);
    // then only Friday's hour elapsed
    expect(clock).toMatchObject({ paused: true, elapsedHours: 1, remainingHours: 3, status: 'normal' });
  });

  it('counts natural hours on the wall clock', () => {
    // given a 2-hour natural limit accepted Friday 16:00
    // when read at 17:30
    const clock = hourClock(accepted, { ...limit, promisedHours: 2, legalHours: 2, unit: 'hours' }, [], beijing('2026-12-04T17:30:00'), cal);
    // then
    expect(clock).toMatchObject({ dueAt: beijing('2026-12-04T18:00:00'), remainingHours: 0.5, status: 'red' });
  });
});

describe('hour limits in the item, case and task clocks', () => {
  it('gives an hour item its instants, hours and warnings in the case plan, the case turning with its first item', () => {
    // given a 4 working-hour item and a 5 working-day item accepted Friday 4 December 2026 at 16:00
    const fast: ItemLimit = { item: 'MB', promisedDays: 4, legalDays: 8, unit: 'working-hours' };
    const slow: ItemLimit = { item: 'XF', promisedDays: 5, legalDays: 10, unit: 'working' };
    // when
    const clock = itemClock(accepted, fast, [], beijing('2026-12-07T10:30:00'), cal);
    const plan = caseWarningPlan(accepted, [fast, slow], [], accepted, cal).targets;
    // then
    expect(clock).toMatchObject({ unit: 'working-hours', dueAt: beijing('2026-12-07T12:00:00'), dueDate: '2026-12-07', remainingDays: 0, status: 'yellow' });
    expect(clock.hours).toMatchObject({ promised: 4, elapsed: 2.5, remaining: 1.5 });
    const at = (item: string, level: string) => plan.find((t) => t.item === item && t.level === level)?.at;
    expect([at('MB', 'yellow'), at('MB', 'red'), at('MB', 'overdue')]).toEqual([beijing('2026-12-07T10:00:00'), beijing('2026-12-07T11:00:00'), new Date(beijing('2026-12-07T12:00:00').getTime() + 1)]);
    expect(at(CASE_SCOPE, 'yellow')).toEqual(beijing('2026-12-07T10:00:00'));
  });

  it('counts a step\'s tongban:timeLimitHours from the task\'s creation and shows the hours left', () => {
    // given a task created Monday 7 December 2026 at 16:00 with 2 working hours of its own
    // when read Tuesday at 09:30
    const value = taskClock({ startedAt: beijing('2026-12-07T16:00:00'), step: { days: 2, unit: 'working-hours' } }, [], beijing('2026-12-08T09:30:00'), cal);
    // then one hour on Monday, one on Tuesday: due Tuesday 10:00, in its last hour
    expect(value).toMatchObject({ dueAt: beijing('2026-12-08T10:00:00'), unit: 'working-hours', limitDays: 2, remainingHours: 0.5, status: 'red' });
  });
});
