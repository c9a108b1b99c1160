import type { LintNode } from './lint.types';

/**
 * Fills `incoming` / `outgoing` of every flow node from the sequence flows' source and target.
 * BPMN files may leave those optional children out (generated bundles, hand-written models), and
 * bpmnlint's rules read connections from them only.
 */
export function linkSequenceFlows(definitions: LintNode): void {
  for (const root of (definitions.rootElements ?? []) as LintNode[]) linkContainer(root);
}

function linkContainer(container: LintNode): void {
  const elements: LintNode[] = container.flowElements ?? [];
  for (const element of elements) {
    if (element.$type === 'bpmn:SequenceFlow') {
      link(element.sourceRef, 'outgoing', element);
      link(element.targetRef, 'incoming', element);
    } else if (element.flowElements) {
      linkContainer(element);
    }
  }
}

function link(node: LintNode | undefined, side: 'incoming' | 'outgoing', flow: LintNode): void {
  if (!node) return;
  const list: LintNode[] = typeof node.get === 'function' ? (node.get(side) as LintNode[]) : (node[side] ??= []);
  if (!list.includes(flow)) list.push(flow);
}
