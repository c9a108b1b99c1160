/** A new diagram: one executable process with a start event, ids unique enough to deploy as they are. */
export function blankDiagram(): string {
  const key = `process-${Math.random().toString(36).slice(2, 8)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tongban="http://tongban.dev/schema/bpmn" id="definitions-${key}" targetNamespace="http://tongban.dev/bpmn">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" name="收件" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram-${key}">
    <bpmndi:BPMNPlane id="plane-${key}" bpmnElement="${key}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
