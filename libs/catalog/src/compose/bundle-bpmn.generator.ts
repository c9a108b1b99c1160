import type { ComposedBundle } from './compose-bundle';
import { buildBundleProcess, type BundleProcessOptions, type ProcessFlow, type ProcessNode } from './bundle-process.graph';
import { layoutBundleProcess, type ProcessLayout } from './bundle-process.layout';

export const TONGBAN_NAMESPACE = 'http://tongban.dev/schema/bpmn';
/** Declared only when an item is auto-approved (秒办): its business rule task calls the decision with `zeebe:calledDecision`. */
const ZEEBE_NAMESPACE = 'http://camunda.org/schema/zeebe/1.0';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attrs(pairs: Array<[string, string | undefined]>): string {
  return pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => ` ${k}="${esc(v!)}"`).join('');
}

function nodeXml(node: ProcessNode, flows: ProcessFlow[]): string[] {
  const open = `    <bpmn:${node.kind}${attrs([
    ['id', node.id], ['name', node.name], ['default', node.defaultFlow],
    ...node.attributes.map(([k, v]) => [`tongban:${k}`, v] as [string, string]),
  ])}>`;
  const lines = [open];
  if (node.calledDecision || node.inputs) {
    lines.push('      <bpmn:extensionElements>');
    if (node.calledDecision) lines.push(`        <zeebe:calledDecision${attrs([['decisionId', node.calledDecision.decisionId], ['resultVariable', node.calledDecision.resultVariable]])} />`);
    if (node.inputs) {
      lines.push('        <zeebe:ioMapping>');
      for (const input of node.inputs) lines.push(`          <zeebe:input${attrs([['source', input.source], ['target', input.target]])} />`);
      lines.push('        </zeebe:ioMapping>');
    }
    lines.push('      </bpmn:extensionElements>');
  }
  for (const f of flows.filter((x) => x.target === node.id)) lines.push(`      <bpmn:incoming>${f.id}</bpmn:incoming>`);
  for (const f of flows.filter((x) => x.source === node.id)) lines.push(`      <bpmn:outgoing>${f.id}</bpmn:outgoing>`);
  if (node.terminate) lines.push(`      <bpmn:terminateEventDefinition id="${node.id}_terminate" />`);
  lines.push(`    </bpmn:${node.kind}>`);
  return lines;
}

function flowXml(flow: ProcessFlow): string[] {
  const open = `    <bpmn:sequenceFlow${attrs([['id', flow.id], ['name', flow.name], ['sourceRef', flow.source], ['targetRef', flow.target]])}`;
  if (!flow.condition) return [`${open} />`];
  return [
    `${open}>`,
    `      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(flow.condition)}</bpmn:conditionExpression>`,
    '    </bpmn:sequenceFlow>',
  ];
}

function diagramXml(processId: string, layout: ProcessLayout, nodes: ProcessNode[], flows: ProcessFlow[]): string[] {
  const lines = [`  <bpmndi:BPMNDiagram id="BPMNDiagram_${processId}">`, `    <bpmndi:BPMNPlane id="BPMNPlane_${processId}" bpmnElement="${processId}">`];
  for (const node of nodes) {
    const b = layout.shapes[node.id];
    const marker = node.kind === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
    lines.push(`      <bpmndi:BPMNShape id="${node.id}_di" bpmnElement="${node.id}"${marker}>`);
    lines.push(`        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" />`);
    lines.push('      </bpmndi:BPMNShape>');
  }
  for (const flow of flows) {
    lines.push(`      <bpmndi:BPMNEdge id="${flow.id}_di" bpmnElement="${flow.id}">`);
    for (const p of layout.edges[flow.id]) lines.push(`        <di:waypoint x="${p.x}" y="${p.y}" />`);
    lines.push('      </bpmndi:BPMNEdge>');
  }
  lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>');
  return lines;
}

/**
 * Generates the BPMN 2.0 process of a composed bundle, with a full diagram so it opens in bpmn-js.
 * The same bundle always gives the same XML (ids derive from item codes, no timestamps).
 *
 * Shape: start event 受理 (or an acceptance user task in department `service-center`) → a
 * parallel fork when several items start at once → per item an approval user task carrying
 * `tongban:department|item|fields|certificatesIn|certificatesOut|timeLimitDays|timeLimitUnit`
 * (joined first when it waits for several items) → an exclusive gateway: `= approved = true`
 * → a service task `tongban:taskType="tongban.certificate.issue"` for the item's result; the
 * default flow is the rejection, which merges back (the other items go on) or, when later items
 * need this item's certificate, ends the case at a terminate end event → items that wait for it
 * (a parallel fork when several do) or the final parallel join → end event 办结.
 * An item with an auto-approval decision (秒办) first runs a business rule task calling it
 * (`zeebe:calledDecision`, result in `autoApproval_<item>`); an exclusive gateway skips the clerk's
 * approval when the result says `approved: true`, and the approval condition accepts either; the clerk's
 * task otherwise gets the result `{approved, reasons}` as its local variable `autoApproval`.
 * Process id: `bundle-<code>`.
 */
export function generateBundleBpmn(bundle: ComposedBundle, options: BundleProcessOptions = {}): string {
  const graph = buildBundleProcess(bundle, options);
  const layout = layoutBundleProcess(graph, bundle);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
      + ' xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"'
      + ' xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"'
      + ' xmlns:di="http://www.omg.org/spec/DD/20100524/DI"'
      + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
      + ` xmlns:tongban="${TONGBAN_NAMESPACE}"`
      + (graph.nodes.some((n) => n.calledDecision) ? ` xmlns:zeebe="${ZEEBE_NAMESPACE}"` : '')
      + ` id="Definitions_${graph.processId}" targetNamespace="http://tongban.dev/bundles"`
      + ' exporter="Tongban bundle composer" exporterVersion="1">',
    `  <bpmn:process id="${graph.processId}"${attrs([['name', graph.name]])} isExecutable="true">`,
    ...graph.nodes.flatMap((n) => nodeXml(n, graph.flows)),
    ...graph.flows.flatMap(flowXml),
    '  </bpmn:process>',
    ...diagramXml(graph.processId, layout, graph.nodes, graph.flows),
    '</bpmn:definitions>',
    '',
  ];
  return lines.join('\n');
}
