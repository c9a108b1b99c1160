/**
 * A valid executable BPMN document of about `bytes` bytes: one process whose start event leads
 * through a chain of service tasks (each with a job type and a documentation text) to an end event.
 */
export function largeModel(key: string, bytes: number): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-${key}" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />`;
  const tail = `
  </bpmn:process>
</bpmn:definitions>`;
  const parts = [head];
  let size = head.length + tail.length;
  let previous = 'start';
  for (let i = 0; size < bytes; i++) {
    const step = `
    <bpmn:serviceTask id="step${i}" name="核验第${i}项"><bpmn:documentation>Checks the registry entry number ${i} of the application against the national register.</bpmn:documentation><bpmn:extensionElements><zeebe:taskDefinition type="check-${i % 50}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="flow${i}" sourceRef="${previous}" targetRef="step${i}" />`;
    parts.push(step);
    size += Buffer.byteLength(step);
    previous = `step${i}`;
  }
  parts.push(`
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="flowEnd" sourceRef="${previous}" targetRef="end" />`, tail);
  return parts.join('');
}
