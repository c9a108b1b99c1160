import { compileBpmn } from '@tongban/bpmn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOWS_DIR } from '../../test/shipped-catalog';
import { processCriticalDays, processDepartments } from './deployed-savings';

async function shippedModel(code: string) {
  return (await compileBpmn(readFileSync(join(WORKFLOWS_DIR, 'bundles', `${code}.bpmn`), 'utf8'))).processes[0];
}

describe('savings of a deployed bundle process', () => {
  it('reads the departments and the critical path of the shipped bundle processes as composed', async () => {
    // when
    const baby = await shippedModel('new-baby');
    const restaurant = await shippedModel('open-restaurant');

    // then
    expect(processDepartments(baby)).toEqual(['health', 'human-resources', 'medical-insurance', 'public-security']);
    expect(processCriticalDays(baby)).toBe(9);
    expect(processDepartments(restaurant)).toEqual(['city-appearance', 'fire-rescue', 'market-regulation']);
    expect(processCriticalDays(restaurant)).toBe(7);
  });

  it('counts a loop back for correction once', async () => {
    // given: review (3 days) → correction (2 days) → back to review, or done
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:exclusiveGateway id="merge" />
    <bpmn:userTask id="review" tongban:department="health" tongban:timeLimitDays="3" />
    <bpmn:exclusiveGateway id="ok" default="toEnd" />
    <bpmn:userTask id="correct" tongban:department="service-center" tongban:timeLimitDays="2" />
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="merge" />
    <bpmn:sequenceFlow id="f2" sourceRef="merge" targetRef="review" />
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="ok" />
    <bpmn:sequenceFlow id="toFix" sourceRef="ok" targetRef="correct"><bpmn:conditionExpression>= fix = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toEnd" sourceRef="ok" targetRef="e" />
    <bpmn:sequenceFlow id="back" sourceRef="correct" targetRef="merge" />
  </bpmn:process>
</bpmn:definitions>`;

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(processCriticalDays(model)).toBe(5);
    expect(processDepartments(model)).toEqual(['health', 'service-center']);
  });

  it('counts a step limited in hours as the whole days its hours span', async () => {
    // given: accept (4 working hours) → decide (10 working hours)
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="accept" tongban:department="service-center" tongban:timeLimitHours="4" />
    <bpmn:userTask id="decide" tongban:department="health" tongban:timeLimitHours="10" />
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="accept" />
    <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="decide" />
    <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then one day, then two
    expect(processCriticalDays(model)).toBe(3);
  });
});
