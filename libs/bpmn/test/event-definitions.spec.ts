import { compileBpmn, ProcessModel } from '@tongban/bpmn';
import { fixture, processXml } from './bpmn-xml.fixture';

describe('compileBpmn: event definitions', () => {
  let model: ProcessModel;
  let messages: Awaited<ReturnType<typeof compileBpmn>>['messages'];

  beforeAll(async () => {
    // given a process with one event of each kind
    // when
    const compiled = await compileBpmn(fixture('event-definitions.bpmn'));
    model = compiled.processes[0];
    messages = compiled.messages;
  });

  it('lists message and timer start events as event starts of the process scope', () => {
    // then
    expect(model.scopes.p.eventStarts).toEqual(['applied', 'nightly']);
    expect(model.scopes.p.noneStart).toBeUndefined();
    expect(model.elements.applied.event).toEqual({ kind: 'message', messageName: 'apply' });
    expect(model.elements.nightly.event).toEqual({ kind: 'timer', timer: { type: 'cycle', expression: 'R/P1D' } });
  });

  it('names messages and takes the correlation key from tongban:correlationKey, else zeebe:subscription', () => {
    // then
    expect(model.elements.waitPayment.event).toEqual({ kind: 'message', messageName: 'fee-paid', correlationKey: 'case.number' });
    expect(model.elements.waitPaymentZeebe.event).toEqual({ kind: 'message', messageName: 'fee-paid', correlationKey: 'applicationId' });
    expect(messages['fee-paid']).toEqual({ id: 'msgPaid', name: 'fee-paid' });
  });

  it('gives a message end event the job that sends the message', () => {
    // then
    expect(model.elements.notifyApplicant).toMatchObject({ event: { kind: 'message', messageName: 'fee-paid' }, jobType: 'sms.result' });
  });

  it('keeps ISO 8601 timers as text and FEEL timers with their leading =', () => {
    // then
    expect(model.elements.wait3Days.event?.timer).toEqual({ type: 'duration', expression: 'P3D' });
    expect(model.elements.waitDeadline.event?.timer).toEqual({ type: 'date', expression: '=deadline' });
  });

  it('resolves signal names, error and escalation codes', () => {
    // then
    expect(model.elements.recallAll.event).toEqual({ kind: 'signal', signalName: 'recall' });
    expect(model.elements.rejected.event).toEqual({ kind: 'error', code: 'REJECTED' });
    expect(model.elements.escalate.event).toEqual({ kind: 'escalation', code: 'LATE' });
  });

  it('compiles conditional, link, terminate and compensation events', () => {
    // then
    expect(model.elements.whenReady.event).toEqual({ kind: 'conditional', conditionExpression: 'materials.complete = true' });
    expect(model.elements.jump.event).toEqual({ kind: 'link', linkName: 'toArchive' });
    expect(model.elements.land.event).toEqual({ kind: 'link', linkName: 'toArchive' });
    expect(model.elements.stopAll.event).toEqual({ kind: 'terminate' });
    expect(model.elements.undoAll.event).toEqual({ kind: 'compensate', waitForCompletion: false });
  });

  it('names the variables a Camunda 7 error catch stores the error code and message in', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" /><bpmn:serviceTask id="lookup" camunda:type="external" camunda:topic="registry" />
      <bpmn:boundaryEvent id="failed" attachedToRef="lookup"><bpmn:errorEventDefinition camunda:errorCodeVariable="code" camunda:errorMessageVariable="why" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="endFailed" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="lookup" /><bpmn:sequenceFlow id="f2" sourceRef="lookup" targetRef="end" /><bpmn:sequenceFlow id="f3" sourceRef="failed" targetRef="endFailed" />`, { dialect: 'camunda' });

    // when
    const failed = (await compileBpmn(xml)).processes[0].elements.failed;

    // then
    expect(failed.event).toEqual({ kind: 'error', errorCodeVariable: 'code', errorMessageVariable: 'why' });
  });
});
