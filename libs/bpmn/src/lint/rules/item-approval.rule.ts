import type { LintNode, LintRuleFactory } from '../lint.types';
import { flowElementsOf, isType, tongbanAttribute } from './lint-node.util';

/** Steps that decide on an item: a clerk's user task, or an automatic approval by a decision table. */
const APPROVAL_TYPES = ['bpmn:UserTask', 'bpmn:BusinessRuleTask', 'bpmn:ManualTask'];

/**
 * `tongban/item-approval`: every service item a process binds (`tongban:item` on a step) has an
 * approval step — a user task, or a business rule task for 秒办 — bound to the same item.
 */
const itemApproval: LintRuleFactory = () => ({
  check(node, reporter) {
    if (!isType(node, 'bpmn:Process')) return;
    const elements = flowElementsOf(node);
    const approved = new Set(elements.filter(isApproval).map((element) => tongbanAttribute(element, 'item')).filter(Boolean));
    const reported = new Set<string>();
    for (const element of elements) {
      const item = tongbanAttribute(element, 'item');
      if (!item || approved.has(item) || reported.has(item) || !element.id) continue;
      reported.add(item);
      reporter.report(element.id, `Service item "${item}" has no approval step (a user task or business rule task bound to it)`);
    }
  },
});

function isApproval(element: LintNode): boolean {
  return APPROVAL_TYPES.some((type) => isType(element, type));
}

export default itemApproval;
