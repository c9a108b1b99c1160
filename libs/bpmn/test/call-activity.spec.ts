import { compileBpmn } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';

describe('compileBpmn: call activities', () => {
  it('reads the called process from zeebe:calledElement or the calledElement attribute', async () => {
    // when
    const model = (await compileBpmn(fixture('call-activity-zeebe.bpmn'))).processes[0];

    // then
    expect(model.elements.callLicence.calledElement).toEqual({ processId: 'business-licence', propagateAllChildVariables: true, propagateAllParentVariables: true });
    expect(model.elements.callPlain.calledElement).toEqual({ processId: 'tax-registration' });
  });

  it('pins a Camunda 7 version binding, propagates all variables and maps camunda:in / camunda:out', async () => {
    // when
    const model = (await compileBpmn(fixture('call-activity-camunda.bpmn'))).processes[0];

    // then
    expect(model.elements.callPinned.calledElement).toEqual({
      processId: 'social-insurance',
      version: 3,
      propagateAllParentVariables: true,
      propagateAllChildVariables: true,
    });
    expect(model.elements.callPinned.inputs).toEqual([
      { source: 'applicantId', target: 'personId' },
      { source: 'fee * 2', target: 'deposit' },
    ]);
    expect(model.elements.callPinned.outputs).toEqual([{ source: 'insuranceNo', target: 'socialInsuranceNo' }]);
  });
});
