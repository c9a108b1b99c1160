/** BPMN models the fault suite and the benchmark deploy, written out in full (no modeller needed). */

const header = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                  xmlns:tongban="http://tongban.dev/schema/bpmn"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  id="${'$'}{id}-definitions" targetNamespace="http://tongban.dev/faults">`;

function definitions(id: string, body: string): string {
  return `${header.replace('${id}', id)}\n  <bpmn:process id="${id}" isExecutable="true">\n${body}\n  </bpmn:process>\n</bpmn:definitions>\n`;
}

function flow(id: string, source: string, target: string): string {
  return `    <bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
}

/** The five departments of the parallel bundle; each has a demo clerk `clerk.<department>`. */
export const FIVE_DEPARTMENTS = ['market-regulation', 'city-appearance', 'fire-rescue', 'health', 'public-security'] as const;

/**
 * start → parallel fork → one user task per department → parallel join → end.
 * `async`: every approval is followed by a commit point (`camunda:asyncAfter`) and the end event is
 * preceded by one (`camunda:asyncBefore`), so each completion moves on through the outbox, BullMQ and
 * a worker: the path the fault scenarios break.
 */
export function parallelBundle(id: string, departments: readonly string[] = FIVE_DEPARTMENTS, options: { async?: boolean } = {}): string {
  const after = options.async ? ' camunda:asyncAfter="true"' : '';
  const before = options.async ? ' camunda:asyncBefore="true"' : '';
  const lines = [
    `    <bpmn:startEvent id="received"><bpmn:outgoing>to-fork</bpmn:outgoing></bpmn:startEvent>`,
    `    <bpmn:parallelGateway id="fork">`,
    `      <bpmn:incoming>to-fork</bpmn:incoming>`,
    ...departments.map((_, i) => `      <bpmn:outgoing>to-approve-${i}</bpmn:outgoing>`),
    `    </bpmn:parallelGateway>`,
    ...departments.map(
      (department, i) =>
        `    <bpmn:userTask id="approve-${i}" name="Approval by ${department}" tongban:department="${department}"${after}>` +
        `<bpmn:incoming>to-approve-${i}</bpmn:incoming><bpmn:outgoing>approved-${i}</bpmn:outgoing></bpmn:userTask>`,
    ),
    `    <bpmn:parallelGateway id="join">`,
    ...departments.map((_, i) => `      <bpmn:incoming>approved-${i}</bpmn:incoming>`),
    `      <bpmn:outgoing>to-end</bpmn:outgoing>`,
    `    </bpmn:parallelGateway>`,
    `    <bpmn:endEvent id="issued"${before}><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>`,
    flow('to-fork', 'received', 'fork'),
    ...departments.map((_, i) => flow(`to-approve-${i}`, 'fork', `approve-${i}`)),
    ...departments.map((_, i) => flow(`approved-${i}`, `approve-${i}`, 'join')),
    flow('to-end', 'join', 'issued'),
  ];
  return definitions(id, lines.join('\n'));
}

/** start → one user task of `department` → end. */
export function singleTask(id: string, department = 'market-regulation'): string {
  return definitions(
    id,
    [
      `    <bpmn:startEvent id="received"><bpmn:outgoing>to-task</bpmn:outgoing></bpmn:startEvent>`,
      `    <bpmn:userTask id="approve" name="Approve" tongban:department="${department}"><bpmn:incoming>to-task</bpmn:incoming><bpmn:outgoing>to-end</bpmn:outgoing></bpmn:userTask>`,
      `    <bpmn:endEvent id="done"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>`,
      flow('to-task', 'received', 'approve'),
      flow('to-end', 'approve', 'done'),
    ].join('\n'),
  );
}

/**
 * start → `count` service tasks `check-1` … `check-<count>` in sequence → end, Camunda 8 style; with
 * several job types, task i takes type i modulo their number.
 */
export function serviceTask(id: string, jobType: string | string[], count = 1, retries = 5): string {
  const steps = Array.from({ length: count }, (_, i) => `check-${i + 1}`);
  const typeOf = (i: number): string => (Array.isArray(jobType) ? jobType[i % jobType.length] : jobType);
  const nodes = ['received', ...steps, 'done'];
  return definitions(
    id,
    [
      `    <bpmn:startEvent id="received"><bpmn:outgoing>to-${steps[0]}</bpmn:outgoing></bpmn:startEvent>`,
      ...steps.map((step, i) =>
        [
          `    <bpmn:serviceTask id="${step}" name="System check ${i + 1}">`,
          `      <bpmn:extensionElements><zeebe:taskDefinition type="${typeOf(i)}" retries="${retries}" /></bpmn:extensionElements>`,
          `      <bpmn:incoming>to-${step}</bpmn:incoming><bpmn:outgoing>to-${nodes[i + 2]}</bpmn:outgoing>`,
          `    </bpmn:serviceTask>`,
        ].join('\n'),
      ),
      `    <bpmn:endEvent id="done"><bpmn:incoming>to-done</bpmn:incoming></bpmn:endEvent>`,
      ...nodes.slice(1).map((node, i) => flow(`to-${node}`, nodes[i], node)),
    ].join('\n'),
  );
}

/** start → intermediate timer catch event waiting `duration` (ISO 8601) → end. */
export function timerWait(id: string, duration = 'PT5S'): string {
  return definitions(
    id,
    [
      `    <bpmn:startEvent id="received"><bpmn:outgoing>to-wait</bpmn:outgoing></bpmn:startEvent>`,
      `    <bpmn:intermediateCatchEvent id="wait">`,
      `      <bpmn:incoming>to-wait</bpmn:incoming><bpmn:outgoing>to-end</bpmn:outgoing>`,
      `      <bpmn:timerEventDefinition id="wait-timer"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`,
      `    </bpmn:intermediateCatchEvent>`,
      `    <bpmn:endEvent id="done"><bpmn:incoming>to-end</bpmn:incoming></bpmn:endEvent>`,
      flow('to-wait', 'received', 'wait'),
      flow('to-end', 'wait', 'done'),
    ].join('\n'),
  );
}
