import { compileBpmn, ProcessModel } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';

describe('compileBpmn: subprocesses and event subprocesses', () => {
  let model: ProcessModel;

  beforeAll(async () => {
    // given an embedded subprocess and two event subprocesses
    // when
    model = (await compileBpmn(fixture('subprocesses.bpmn'))).processes[0];
  });

  it('gives each subprocess its own scope inside the process scope', () => {
    // then
    expect(model.scopes.p.children).toEqual(['start', 'review', 'end', 'onWithdraw', 'onOverdue']);
    expect(model.scopes.review).toEqual({ id: 'review', parent: 'p', children: ['reviewStart', 'check', 'reviewEnd'], noneStart: 'reviewStart', eventStarts: [], eventSubprocesses: [] });
    expect(model.elements.check.scope).toBe('review');
    expect(model.elements.r1).toBeUndefined();
    expect(model.flows.r1).toEqual({ id: 'r1', source: 'reviewStart', target: 'check' });
  });

  it('lists event subprocesses on their parent scope and their start events as event starts', () => {
    // then
    expect(model.scopes.p.eventSubprocesses).toEqual(['onWithdraw', 'onOverdue']);
    expect(model.elements.onWithdraw.triggeredByEvent).toBe(true);
    expect(model.scopes.onWithdraw).toMatchObject({ parent: 'p', eventStarts: ['withdrawn'] });
    expect(model.scopes.onWithdraw.noneStart).toBeUndefined();
  });

  it('takes interrupting from the start event of the event subprocess', () => {
    // then
    expect(model.elements.withdrawn).toMatchObject({ interrupting: true, event: { kind: 'message', messageName: 'withdraw' } });
    expect(model.elements.overdue).toMatchObject({ interrupting: false, event: { kind: 'timer' } });
  });
});
