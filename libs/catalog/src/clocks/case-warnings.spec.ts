import { chineseDaysCalendar } from '../calendar/chinese-days.calendar';
import type { ClockPause, ItemLimit } from './case-clock';
import { caseWarningPlan, CASE_SCOPE, type ClockWarningTarget } from './case-warnings';

const cal = chineseDaysCalendar([2025, 2026]);
const beijing = (local: string) => new Date(`${local}+08:00`);
const fire: ItemLimit = { item: 'XF', promisedDays: 5, legalDays: 10, unit: 'working' };
const food: ItemLimit = { item: 'SCJG', promisedDays: 7, legalDays: 20, unit: 'working' };
const of = (plan: ClockWarningTarget[], item: string) => Object.fromEntries(plan.filter((t) => t.item === item).map((t) => [t.level, t.at?.toISOString() ?? t.state]));

describe('the warnings of a case and its items', () => {
  it('times each item by its promised limit and the case by its first item, on the Beijing day boundaries', () => {
    // given accepted on Friday 27 November 2026
    // when
    const plan = caseWarningPlan(beijing('2026-11-27T10:00:00'), [fire, food], [], beijing('2026-11-27T10:00:00'), cal).targets;
    // then 消防 (due Friday 4 December) is yellow on Thursday 3, red on 4, overdue from 5 December; the case follows it
    expect(of(plan, 'XF')).toEqual({ yellow: '2026-12-02T16:00:00.000Z', red: '2026-12-03T16:00:00.000Z', overdue: '2026-12-04T16:00:00.000Z' });
    expect(of(plan, 'SCJG')).toEqual({ yellow: '2026-12-06T16:00:00.000Z', red: '2026-12-07T16:00:00.000Z', overdue: '2026-12-08T16:00:00.000Z' });
    expect(of(plan, CASE_SCOPE)).toEqual(of(plan, 'XF'));
  });

  it('holds a paused item\'s warnings and drops an ended item from the case', () => {
    // given 消防 paused since Monday 30 November and 食品 ended on Tuesday 1 December
    const pause: ClockPause = { id: 'p', item: 'XF', kind: 'inspection', reason: '现场核查', pausedAt: beijing('2026-11-30T10:00:00'), resumedAt: null };
    // when on Wednesday 2 December
    const plan = caseWarningPlan(beijing('2026-11-27T10:00:00'), [fire, { ...food, endedAt: beijing('2026-12-01T10:00:00') }], [pause], beijing('2026-12-02T10:00:00'), cal).targets;
    // then
    expect(of(plan, 'XF')).toEqual({ yellow: 'held', red: 'held', overdue: 'held' });
    expect(of(plan, 'SCJG')).toEqual({ yellow: 'ended', red: 'ended', overdue: 'ended' });
    expect(of(plan, CASE_SCOPE)).toEqual({ yellow: 'held', red: 'held', overdue: 'held' });
  });

  it('honours a stricter yellow threshold', () => {
    // given two fifths or two days
    // when
    const plan = caseWarningPlan(beijing('2026-11-27T10:00:00'), [fire], [], beijing('2026-11-27T10:00:00'), cal, { fraction: 0.4, minDays: 2, minHours: 1 }).targets;
    // then 消防 turns yellow on Wednesday 2 December, two working days before it is due
    expect(of(plan, 'XF').yellow).toBe('2026-12-01T16:00:00.000Z');
  });
});

describe('the warnings of a case whose limits reach a year the calendar does not know', () => {
  it('plans a promised limit whose legal one reaches the unknown year, leaves out one whose promised limit does', () => {
    // given accepted on Thursday 24 December 2026, a calendar that knows 2025 and 2026 only
    const accepted = beijing('2026-12-24T10:00:00');
    // when 消防 is promised in 5 working days (Thursday 31 December; its 10 legal ones reach 2027) and 食品 in 7 (into 2027)
    const { targets, uncounted } = caseWarningPlan(accepted, [fire, food], [], accepted, cal);
    // then 消防 is planned on its promised limit, 食品 is left out, and so is the case's yellow (食品 might reach it first)
    expect(of(targets, 'XF')).toEqual({ yellow: '2026-12-29T16:00:00.000Z', red: '2026-12-30T16:00:00.000Z', overdue: '2026-12-31T16:00:00.000Z' });
    expect(of(targets, 'SCJG')).toEqual({});
    // red and overdue of the case: 消防's come by the time 2027 begins, 食品's cannot come earlier
    expect(of(targets, CASE_SCOPE)).toEqual({ red: '2026-12-30T16:00:00.000Z', overdue: '2026-12-31T16:00:00.000Z' });
    expect(uncounted).toEqual([
      { item: 'SCJG', year: 2027, problem: expect.stringContaining('no holidays for 2027') },
      { item: CASE_SCOPE, level: 'yellow', year: 2027, problem: expect.stringContaining('no holidays for 2027') },
    ]);
  });
});
