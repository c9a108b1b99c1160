import { compileBpmn } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: timers', () => {
  it('keeps ISO 8601 durations, date-times and repeating intervals, and turns Camunda 7 expressions into FEEL', async () => {
    // when
    const model = (await compileBpmn(fixture('timers.bpmn'))).processes[0];

    // then
    expect(model.elements.fractional.event?.timer).toEqual({ type: 'duration', expression: 'PT0.5S' });
    expect(model.elements.newYear.event?.timer).toEqual({ type: 'date', expression: '2027-01-01T09:00:00+08:00' });
    expect(model.elements.dailyFrom.event?.timer).toEqual({ type: 'cycle', expression: 'R3/2027-01-01T09:00:00Z/P1D' });
    expect(model.elements.camunda7.event?.timer).toEqual({ type: 'duration', expression: '=reminderAfter' });
  });

  it('refuses timer texts that cannot be scheduled, naming each event', async () => {
    // when
    const problems = await problemsOf(fixture('invalid-timers.bpmn'));

    // then
    expect(codesOf(problems)).toEqual([
      'BPMN_INVALID_MODEL badDuration',
      'BPMN_INVALID_MODEL badDate',
      'BPMN_UNSUPPORTED_ELEMENT cron',
      'BPMN_INVALID_MODEL never',
      'BPMN_INVALID_MODEL twoKinds',
    ]);
  });
});
