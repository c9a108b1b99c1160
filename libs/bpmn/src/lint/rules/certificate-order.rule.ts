import type { LintNode, LintRuleFactory } from '../lint.types';
import { flowElementsOf, reachableFrom, tongbanList } from './lint-node.util';

/**
 * `tongban/certificate-order`: a step consuming a certificate type that the same process issues
 * comes after an issuing step. Reported when no issuing step leads to the consumer while the
 * consumer leads to an issuing step: the certificate is read before it can exist. A certificate
 * the process does not issue comes from earlier applications and is not checked.
 */
const certificateOrder: LintRuleFactory = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:Process') return;
    const elements = flowElementsOf(node);
    const issuers = new Map<string, LintNode[]>();
    for (const element of elements) {
      for (const type of tongbanList(element, 'certificatesOut')) issuers.set(type, [...(issuers.get(type) ?? []), element]);
    }
    if (issuers.size === 0) return;
    const reach = new Map<string, Set<string>>();
    const reachOf = (element: LintNode) => {
      if (!reach.has(element.id!)) reach.set(element.id!, reachableFrom(element));
      return reach.get(element.id!)!;
    };
    for (const consumer of elements) {
      if (!consumer.id) continue;
      for (const type of tongbanList(consumer, 'certificatesIn')) {
        const issuing = (issuers.get(type) ?? []).filter((issuer) => issuer !== consumer && issuer.id);
        if (issuing.length === 0) continue;
        const afterIssue = issuing.some((issuer) => reachOf(issuer).has(consumer.id!));
        const beforeIssue = issuing.some((issuer) => reachOf(consumer).has(issuer.id!));
        if (!afterIssue && beforeIssue) {
          reporter.report(consumer.id, `Certificate "${type}" is consumed before ${issuing.map((i) => i.id).join(', ')} can issue it`);
        }
      }
    }
  },
});

export default certificateOrder;
