import { compileBpmn } from '@tongban/bpmn';
import { fixture, processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: call activities', () => {
  it('reads the called process from zeebe:calledElement or the calledElement attribute', async () => {
    // when
    const model = (await compileBpmn(fixture('call-activity-zeebe.bpmn'))).processes[0];

    // then
    expect(model.elements.callLicence.calledElement).toEqual({ processId: 'business-licence', propagateAllChildVariables: true, propagateAllParentVariables: true });
    expect(model.elements.callPlain.calledElement).toEqual({ processId: 'tax-registration' });
  });

  it('propagates the child variables back unless zeebe:calledElement says propagateAllChildVariables="false"', async () => {
    // given
    const xml = (flag: string) => `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
      <bpmn:process id="p" isExecutable="true">
        <bpmn:startEvent id="s" />
        <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" ${flag} /></bpmn:extensionElements></bpmn:callActivity>
        <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="call" />
      </bpmn:process>
    </bpmn:definitions>`;

    // when
    const absent = (await compileBpmn(xml(''))).processes[0].elements.call.calledElement;
    const off = (await compileBpmn(xml('propagateAllChildVariables="false"'))).processes[0].elements.call.calledElement;

    // then
    expect(absent?.propagateAllChildVariables).toBe(true);
    expect(off?.propagateAllChildVariables).toBe(false);
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
      { source: '(if fee = null then 0 else if fee instance of string then number(fee) else fee) * 2', target: 'deposit' },
    ]);
    expect(model.elements.callPinned.outputs).toEqual([{ source: 'insuranceNo', target: 'socialInsuranceNo' }]);
  });

  it('refuses a zeebe binding other than latest instead of calling the latest version', async () => {
    // given
    const xml = (binding: string) => processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" ${binding} /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" /><bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />`);

    // when
    const latest = (await compileBpmn(xml('bindingType="latest"'))).processes[0].elements.call.calledElement;
    const tagged = await problemsOf(xml('bindingType="versionTag" versionTag="v1"'));
    const deployment = await problemsOf(xml('bindingType="deployment"'));

    // then
    expect(latest?.processId).toBe('child');
    expect(codesOf(tagged)).toEqual(['BPMN_UNSUPPORTED_ELEMENT call']);
    expect(tagged[0].message).toContain('versionTag');
    expect(codesOf(deployment)).toEqual(['BPMN_UNSUPPORTED_ELEMENT call']);
  });
});
