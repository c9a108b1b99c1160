import type { LintNode, LintRuleFactory } from '../lint.types';
import { isType } from './lint-node.util';

const FLOW_NODE_TYPES = ['bpmn:Task', 'bpmn:Gateway', 'bpmn:SubProcess', 'bpmn:Event', 'bpmn:CallActivity'];

/**
 * `tongban/disconnected`: in a process (or sub-process) whose steps are joined by sequence flows,
 * a flow node with neither incoming nor outgoing flow is one no token can reach. bpmnlint's
 * `no-disconnected` reports the same, but also the lone step of a one-step process, which runs
 * fine; boundary events, end events (one no flow reaches is never reached and changes nothing),
 * event sub-processes, compensation handlers and ad-hoc contents are exempt.
 */
const disconnected: LintRuleFactory = () => ({
  check(node, reporter) {
    if (!isType(node, 'bpmn:FlowElementsContainer') || isType(node, 'bpmn:AdHocSubProcess')) return;
    const elements: LintNode[] = node.flowElements ?? [];
    if (!elements.some((element) => isType(element, 'bpmn:SequenceFlow'))) return;
    for (const element of elements) {
      if (!element.id || !FLOW_NODE_TYPES.some((type) => isType(element, type))) continue;
      if (isType(element, 'bpmn:BoundaryEvent') || isType(element, 'bpmn:EndEvent') || element.triggeredByEvent || element.isForCompensation) continue;
      if ((element.incoming ?? []).length === 0 && (element.outgoing ?? []).length === 0) {
        reporter.report(element.id, 'Element is not connected: no sequence flow leads to it or from it');
      }
    }
  },
});

export default disconnected;
