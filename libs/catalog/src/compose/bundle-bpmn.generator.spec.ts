import { BpmnModdle } from 'bpmn-moddle';
import { compileBpmn } from '@tongban/bpmn';
import { composeBundle, type ComposedBundle } from './compose-bundle';
import { generateBundleBpmn } from './bundle-bpmn.generator';
import { ISSUE_CERTIFICATE_JOB_TYPE } from './bundle-process.graph';
import { shippedBundle, shippedCatalog } from '../../test/shipped-catalog';
import type { ServiceItem } from '../catalog/catalog.types';

const composed = (code: string) => composeBundle(shippedBundle(code), shippedCatalog().items);
const generate = (bundle: ComposedBundle, acceptance?: 'event' | 'task') =>
  generateBundleBpmn(bundle, { certificateTypes: shippedCatalog().certificateTypes, acceptance });

async function parse(xml: string) {
  const { rootElement, warnings } = await new BpmnModdle().fromXML(xml);
  const process = rootElement.rootElements.find((r: { $type: string }) => r.$type === 'bpmn:Process');
  const plane = rootElement.diagrams[0].plane;
  const flowNodes = process.flowElements.filter((e: { $type: string }) => e.$type !== 'bpmn:SequenceFlow');
  const flows = process.flowElements.filter((e: { $type: string }) => e.$type === 'bpmn:SequenceFlow');
  const shapes = new Map(plane.planeElement.filter((p: { $type: string }) => p.$type === 'bpmndi:BPMNShape').map((p: any) => [p.bpmnElement.id, p]));
  const edges = new Map(plane.planeElement.filter((p: { $type: string }) => p.$type === 'bpmndi:BPMNEdge').map((p: any) => [p.bpmnElement.id, p]));
  return { process, warnings, flowNodes, flows, shapes, edges };
}

/** Whether `to` can be reached from `from` along sequence flows. */
function reaches(flows: Array<{ sourceRef: { id: string }; targetRef: { id: string } }>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    const id = queue.shift()!;
    if (id === to) return true;
    for (const f of flows.filter((x) => x.sourceRef.id === id)) {
      if (!seen.has(f.targetRef.id)) (seen.add(f.targetRef.id), queue.push(f.targetRef.id));
    }
  }
  return false;
}

describe('generateBundleBpmn', () => {
  it.each(['open-restaurant', 'new-baby'])('generates %s as BPMN that parses without warnings, with a shape per node and an edge per flow', async (code) => {
    // when
    const xml = generate(composed(code));
    const { process, warnings, flowNodes, flows, shapes, edges } = await parse(xml);

    // then
    expect(warnings).toEqual([]);
    expect(process.id).toBe(`bundle-${code}`);
    expect(process.isExecutable).toBe(true);
    for (const node of flowNodes) {
      const bounds = (shapes.get(node.id) as any)?.bounds;
      expect(bounds).toBeDefined();
      expect(bounds.x).toBeGreaterThanOrEqual(0);
      expect(bounds.y).toBeGreaterThanOrEqual(0);
    }
    for (const flow of flows) expect((edges.get(flow.id) as any)?.waypoint.length).toBeGreaterThanOrEqual(2);
    expect(shapes.size).toBe(flowNodes.length);
    expect(edges.size).toBe(flows.length);
  });

  it('is deterministic', () => {
    expect(generate(composed('new-baby'))).toBe(generate(composed('new-baby')));
  });

  it('fans open-restaurant out to three departments in parallel and joins them before the end', async () => {
    // when
    const { flowNodes, flows } = await parse(generate(composed('open-restaurant')));

    // then
    const byId = new Map(flowNodes.map((n: any) => [n.id, n]));
    const fork: any = byId.get('Gateway_fork');
    const join: any = byId.get('Gateway_join');
    expect(fork.$type).toBe('bpmn:ParallelGateway');
    expect(fork.outgoing.map((f: any) => f.targetRef.id)).toEqual(['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve']);
    expect(join.incoming.map((f: any) => f.sourceRef.id)).toEqual(['Gateway_SH_SCJG_001_done', 'Gateway_SH_LHSR_014_done', 'Gateway_SH_XF_003_done']);
    expect(reaches(flows, 'Task_SH_SCJG_001_approve', 'Task_SH_XF_003_approve')).toBe(false);
  });

  it('gives the approval of an item promised in working hours its tongban:timeLimitHours, which compiles', async () => {
    // given the new-baby bundle with its household item promised within 4 working hours
    const bundle = composed('new-baby');
    const fast = { ...bundle, items: bundle.items.map((i) => (i.code === 'GA-HJ-021' ? { ...i, promisedDays: 4, legalDays: 8, dayUnit: 'working-hours' as const } : i)) };

    // when
    const xml = generate(fast);
    const { flowNodes } = await parse(xml);

    // then
    const approve: any = flowNodes.find((n: any) => n.id === 'Task_GA_HJ_021_approve');
    expect(approve.$attrs).toMatchObject({ 'tongban:timeLimitHours': '4', 'tongban:timeLimitUnit': 'working' });
    expect(approve.$attrs['tongban:timeLimitDays']).toBeUndefined();
    const compiled = (await compileBpmn(xml)).processes[0];
    expect(compiled.elements.Task_GA_HJ_021_approve.tongban).toMatchObject({ timeLimitHours: 4, timeLimitUnit: 'working' });
  });

  it('puts the item, department, fields, certificates and time limit on each approval, and the issue job on the service task', async () => {
    // when
    const { flowNodes } = await parse(generate(composed('new-baby')));

    // then
    const approve: any = flowNodes.find((n: any) => n.id === 'Task_GA_HJ_021_approve');
    expect(approve.$type).toBe('bpmn:UserTask');
    expect(approve.$attrs).toEqual({
      'tongban:department': 'public-security',
      'tongban:item': 'GA-HJ-021',
      'tongban:fields': 'baby.name,baby.idNumber,baby.birthDate,baby.gender,mother.idNumber,father.idNumber,household.address,applicant.name,applicant.phone',
      'tongban:certificatesIn': 'birth-medical-certificate,household-register,marriage-certificate',
      'tongban:certificatesOut': 'household-register',
      'tongban:timeLimitDays': '3',
      'tongban:timeLimitUnit': 'working',
      'tongban:decisionVariable': 'approved',
    });
    const issue: any = flowNodes.find((n: any) => n.id === 'Task_GA_HJ_021_issue');
    expect(issue.$type).toBe('bpmn:ServiceTask');
    expect(issue.name).toBe('签发居民户口簿 / Issue certificate');
    expect(issue.$attrs).toEqual({ 'tongban:taskType': ISSUE_CERTIFICATE_JOB_TYPE, 'tongban:item': 'GA-HJ-021', 'tongban:certificatesOut': 'household-register' });
    const decision: any = flowNodes.find((n: any) => n.id === 'Gateway_GA_HJ_021_decision');
    expect(decision.default.id).toBe('Flow_GA_HJ_021_rejected');
    expect(decision.outgoing.find((f: any) => f.id === 'Flow_GA_HJ_021_approved').conditionExpression.body).toBe('= approved = "approve" or approved = true');
  });

  it('orders new-baby by its certificate chain and ends the case when a link of the chain is rejected', async () => {
    // when
    const { flows, flowNodes } = await parse(generate(composed('new-baby')));

    // then
    expect(reaches(flows, 'Task_WJ_CSYX_001_issue', 'Task_GA_HJ_021_approve')).toBe(true);
    expect(reaches(flows, 'Task_GA_HJ_021_issue', 'Task_YB_CB_007_approve')).toBe(true);
    expect(reaches(flows, 'Task_GA_HJ_021_issue', 'Task_RS_SBK_002_approve')).toBe(true);
    expect(reaches(flows, 'Task_YB_CB_007_approve', 'Task_RS_SBK_002_approve')).toBe(false);
    expect(reaches(flows, 'Task_RS_SBK_002_approve', 'Task_YB_CB_007_approve')).toBe(false);
    const rejected: any = flowNodes.find((n: any) => n.id === 'EndEvent_WJ_CSYX_001_rejected');
    expect(rejected.eventDefinitions[0].$type).toBe('bpmn:TerminateEventDefinition');
    expect(flowNodes.find((n: any) => n.id === 'EndEvent_YB_CB_007_rejected')).toBeUndefined();
  });

  it('lays out left to right: every item after the items it waits for, parallel items one above the other', async () => {
    // when
    const { shapes } = await parse(generate(composed('new-baby')));

    // then
    const box = (id: string) => (shapes.get(id) as any).bounds;
    expect(box('Task_GA_HJ_021_approve').x).toBeGreaterThan(box('Task_WJ_CSYX_001_issue').x + 100);
    expect(box('Task_YB_CB_007_approve').x).toBe(box('Task_RS_SBK_002_approve').x);
    expect(box('Task_YB_CB_007_approve').y).toBeLessThan(box('Task_RS_SBK_002_approve').y - 80);
    expect(box('StartEvent_accepted').x).toBeLessThan(box('Task_WJ_CSYX_001_approve').x);
  });

  it('adds an acceptance user task for the service centre when asked', async () => {
    // when
    const { flowNodes, warnings } = await parse(generate(composed('open-restaurant'), 'task'));

    // then
    expect(warnings).toEqual([]);
    const accept: any = flowNodes.find((n: any) => n.id === 'Task_accept');
    expect(accept.$attrs['tongban:department']).toBe('service-center');
    expect(accept.incoming[0].sourceRef.id).toBe('StartEvent_accepted');
    expect(accept.outgoing[0].targetRef.id).toBe('Gateway_fork');
  });

  it('joins an item that waits for two others and routes approval straight on when an item issues nothing', async () => {
    // given
    const item = (code: string, result: string | undefined, needs: string[]): ServiceItem => ({
      code, name: code, type: '公共服务', department: `dept-${code}`, legalDays: 5, promisedDays: 2, dayUnit: 'working', fields: ['applicant.name'],
      materials: needs.map((t) => ({ name: t, key: true, satisfiedBy: t })), ...(result && { result }),
    });
    const bundle = composeBundle(
      { code: 'diamond', name: '菱形 & <test>', items: ['A', 'B', 'C', 'D'], dependsOn: [{ item: 'B', on: 'A' }] },
      [item('A', undefined, []), item('B', 'id-card', []), item('C', 'household-register', []), item('D', undefined, ['id-card', 'household-register'])],
    );

    // when
    const xml = generate(bundle);
    const { flowNodes, flows, warnings, shapes, edges } = await parse(xml);

    // then
    expect(warnings).toEqual([]);
    const join: any = flowNodes.find((n: any) => n.id === 'Gateway_D_join');
    expect(join.incoming.map((f: any) => f.sourceRef.id)).toEqual(['Task_B_issue', 'Task_C_issue']);
    const approvedA = flows.find((f: any) => f.id === 'Flow_A_approved');
    expect(approvedA.targetRef.id).toBe('Task_B_approve');
    expect(shapes.size).toBe(flowNodes.length);
    expect(edges.size).toBe(flows.length);
    await expect(compileBpmn(xml)).resolves.toBeDefined();
  });

  it('compiles with the tongban BPMN compiler into a model the engine runs', async () => {
    // when
    const compiled = await compileBpmn(generate(composed('new-baby')));

    // then
    const model = compiled.processes[0];
    expect(model.id).toBe('bundle-new-baby');
    expect(model.elements['Task_WJ_CSYX_001_approve']).toMatchObject({
      type: 'userTask',
      department: 'health',
      tongban: { item: 'WJ-CSYX-001', certificatesOut: ['birth-medical-certificate'], timeLimitDays: 1, timeLimitUnit: 'working' },
    });
    expect(model.elements['Task_WJ_CSYX_001_issue']).toMatchObject({ type: 'serviceTask', jobType: ISSUE_CERTIFICATE_JOB_TYPE });
    expect(model.flows['Flow_WJ_CSYX_001_approved'].condition).toBe('approved = "approve" or approved = true');
    expect(model.elements['Task_WJ_CSYX_001_approve'].tongban).toMatchObject({ decisionVariable: 'approved' });
  });
});
