import { uniqueKey } from '../../support/test-app';

/** A BPMN document around one process body, with the process id replaced by a key unique to the test. */
export function processXml(base: string, body: string, definitions = ''): { key: string; xml: string } {
  const key = uniqueKey(base);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tongban="http://tongban.dev/schema/bpmn" id="defs-${key}" targetNamespace="http://tongban.dev/test">
  ${definitions}
  <bpmn:process id="${key}" isExecutable="true">
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
  return { key, xml };
}

/** A sequence flow from `source` to `target`. */
export function flow(id: string, source: string, target: string): string {
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
}
