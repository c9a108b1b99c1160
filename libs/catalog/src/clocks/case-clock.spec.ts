import { chineseDaysCalendar } from '../calendar/chinese-days.calendar';
import { clockStatus, itemClock, type ClockPause, type ItemLimit } from './case-clock';

const cal = chineseDaysCalendar([2025, 2026]);
const limit: ItemLimit = { item: 'A', promisedDays: 5, legalDays: 20, unit: 'working' };
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('an item clock', () => {
  it('does not count the day of acceptance and counts across a month end', () => {
    // given accepted on Friday 27 November 2026; now Tuesday 1 December
    // when
    const clock = itemClock(beijing('2026-11-27T10:00:00'), limit, [], beijing('2026-12-01T09:00:00'), cal);
    // then Mon 30 Nov and Tue 1 Dec have elapsed; due Friday 4 December
    expect(clock).toMatchObject({ elapsedDays: 2, remainingDays: 3, dueDate: '2026-12-04', status: 'normal', running: true, paused: false });
    expect(clock.legalDueDate).toBe('2026-12-25');
  });

  it('moves the limit out by the working days a pause ran, across the Spring Festival 2026', () => {
    // given accepted Tuesday 10 February 2026, an expert review from Wednesday 11 to Tuesday 24 February
    const pause: ClockPause = { id: 'p', item: null, kind: 'expert-review', reason: '专家评审', pausedAt: beijing('2026-02-11T10:00:00'), resumedAt: beijing('2026-02-24T10:00:00') };
    // when on Wednesday 25 February
    const clock = itemClock(beijing('2026-02-10T10:00:00'), limit, [pause], beijing('2026-02-25T10:00:00'), cal);
    // then paused: Thu 12, Fri 13, Sat 14 (调休), Tue 24 = 4; elapsed: Wed 11 and Wed 25 = 2
    expect(clock).toMatchObject({ pausedDays: 4, elapsedDays: 2, remainingDays: 3 });
    // due: 9 working days after 10 February: 11, 12, 13, 14, 24, 25, 26, 27, 28 (调休 Saturday)
    expect(clock.dueDate).toBe('2026-02-28');
  });

  it('stays paused while a pause of its own item runs, and ignores pauses of other items', () => {
    // given
    const mine: ClockPause = { id: 'p1', item: 'A', kind: 'hearing', reason: '听证', pausedAt: beijing('2026-11-30T09:00:00'), resumedAt: null };
    const other: ClockPause = { id: 'p2', item: 'B', kind: 'inspection', reason: '现场核查', pausedAt: beijing('2026-11-27T11:00:00'), resumedAt: null };
    // when
    const clock = itemClock(beijing('2026-11-27T10:00:00'), limit, [mine, other], beijing('2026-12-02T09:00:00'), cal);
    // then Mon 30 Nov counted, Tue 1 and Wed 2 Dec paused
    expect(clock).toMatchObject({ paused: true, elapsedDays: 1, pausedDays: 2, dueDate: '2026-12-08' });
  });

  it('counts across a year end the calendar knows', () => {
    // given accepted Wednesday 31 December 2025
    // when on Monday 5 January 2026 (1–3 January off, Sunday 4 January a make-up working day)
    const clock = itemClock(beijing('2025-12-31T10:00:00'), limit, [], beijing('2026-01-05T10:00:00'), cal);
    // then
    expect(clock).toMatchObject({ elapsedDays: 2, dueDate: '2026-01-08' });
  });

  it('turns yellow with a fifth or one day left, red on the due day, overdue after', () => {
    expect(clockStatus('2026-12-01', '2026-12-10', 6, 20)).toBe('normal');
    expect(clockStatus('2026-12-01', '2026-12-10', 4, 20)).toBe('yellow');
    expect(clockStatus('2026-12-09', '2026-12-10', 1, 3)).toBe('yellow');
    expect(clockStatus('2026-12-10', '2026-12-10', 0, 3)).toBe('red');
    expect(clockStatus('2026-12-11', '2026-12-10', -1, 3)).toBe('overdue');
  });
});
