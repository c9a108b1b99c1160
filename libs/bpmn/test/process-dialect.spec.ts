import { compileBpmn } from '@tongban/bpmn';
import { processXml } from './bpmn-xml.fixture';

const BODY = '<bpmn:startEvent id="start" /><bpmn:endEvent id="end" /><bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />';
const PLAIN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="p" isExecutable="true">${BODY}</bpmn:process>
</bpmn:definitions>`;

describe('compileBpmn: the dialect a process follows', () => {
  it('is camunda7 for a document declaring the Camunda 7 namespace', async () => {
    // when
    const model = (await compileBpmn(processXml(BODY, { dialect: 'camunda' }))).processes[0];

    // then
    expect(model.dialect).toBe('camunda7');
  });

  it('is camunda8 for a document declaring the zeebe namespace', async () => {
    // when
    const model = (await compileBpmn(processXml(BODY))).processes[0];

    // then
    expect(model.dialect).toBe('camunda8');
  });

  it('is bpmn for a document declaring neither', async () => {
    // when
    const model = (await compileBpmn(PLAIN)).processes[0];

    // then
    expect(model.dialect).toBe('bpmn');
  });
});
