import { compileBpmn, ProcessModel } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';

describe('compileBpmn: boundary events and compensation', () => {
  let model: ProcessModel;

  beforeAll(async () => {
    // given a task with compensation, timer and error boundary events
    // when
    model = (await compileBpmn(fixture('boundary-compensation.bpmn'))).processes[0];
  });

  it('lists the boundary events on the activity they are attached to', () => {
    // then
    expect(model.elements.charge.boundaryEvents).toEqual(['refundOnUndo', 'reminder', 'failed', 'anyError']);
  });

  it('marks interrupting and non-interrupting boundary events', () => {
    // then
    expect(model.elements.reminder).toMatchObject({ attachedTo: 'charge', interrupting: false, event: { kind: 'timer' } });
    expect(model.elements.failed).toMatchObject({ attachedTo: 'charge', interrupting: true, outgoing: ['f4'] });
    expect(model.elements.failed.event).toEqual({ kind: 'error', code: undefined });
    expect(model.elements.anyError.event?.code).toBeUndefined();
  });

  it('finds the compensation handler through the association of the compensation boundary event', () => {
    // then
    expect(model.elements.charge.compensationHandler).toBe('refund');
    expect(model.elements.refund.isForCompensation).toBe(true);
    expect(model.elements.undoCharge.event).toEqual({ kind: 'compensate', activityRef: 'charge', waitForCompletion: true });
  });
});
