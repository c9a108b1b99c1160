import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import type { LintRuleFactory, TongbanLintOptions } from './lint.types';
import certificateOrder from './rules/certificate-order.rule';
import disconnected from './rules/disconnected.rule';
import itemApproval from './rules/item-approval.rule';
import knownDepartment from './rules/known-department.rule';
import knownForm from './rules/known-form.rule';
import userTaskDepartment from './rules/user-task-department.rule';

/**
 * bpmnlint's recommended rules. They report as warnings: the engine runs models that break them
 * (an implicit end, a missing label), and the conformance corpus and Camunda Modeler files must
 * keep deploying. `no-disconnected` is replaced by `tongban/disconnected`, which is an error.
 */
const RECOMMENDED: Record<string, [LintRuleFactory, 'error' | 'warn']> = {
  'ad-hoc-sub-process': [adHocSubProcess, 'warn'],
  'conditional-flows': [conditionalFlows, 'warn'],
  'end-event-required': [endEventRequired, 'warn'],
  'event-based-gateway': [eventBasedGateway, 'warn'],
  'event-sub-process-typed-start-event': [eventSubProcessTypedStartEvent, 'warn'],
  'fake-join': [fakeJoin, 'warn'],
  global: [global, 'warn'],
  'label-required': [labelRequired, 'warn'],
  'link-event': [linkEvent, 'warn'],
  'no-bpmndi': [noBpmndi, 'warn'],
  'no-complex-gateway': [noComplexGateway, 'warn'],
  'no-duplicate-sequence-flows': [noDuplicateSequenceFlows, 'warn'],
  'no-gateway-join-fork': [noGatewayJoinFork, 'warn'],
  'no-implicit-split': [noImplicitSplit, 'warn'],
  'no-implicit-end': [noImplicitEnd, 'warn'],
  'no-implicit-start': [noImplicitStart, 'warn'],
  'no-inclusive-gateway': [noInclusiveGateway, 'warn'],
  'no-overlapping-elements': [noOverlappingElements, 'warn'],
  'single-blank-start-event': [singleBlankStartEvent, 'warn'],
  'single-event-definition': [singleEventDefinition, 'warn'],
  'start-event-required': [startEventRequired, 'warn'],
  'sub-process-blank-start-event': [subProcessBlankStartEvent, 'warn'],
  'superfluous-gateway': [superfluousGateway, 'warn'],
  'superfluous-label': [superfluousLabel, 'warn'],
  'superfluous-termination': [superfluousTermination, 'warn'],
};

/** The Tongban rules (`tongban/…`): an unknown department and a disconnected step are clearly wrong. */
const TONGBAN: Record<string, [LintRuleFactory, 'error' | 'warn']> = {
  'known-department': [knownDepartment, 'error'],
  'known-form': [knownForm, 'error'],
  disconnected: [disconnected, 'error'],
  'user-task-department': [userTaskDepartment, 'warn'],
  'item-approval': [itemApproval, 'warn'],
  'certificate-order': [certificateOrder, 'warn'],
};

/** Every rule id the Tongban lint configuration runs, with its severity. */
export const TONGBAN_LINT_RULES: Record<string, 'error' | 'warn'> = Object.fromEntries([
  ...Object.entries(RECOMMENDED).map(([name, [, severity]]) => [name, severity]),
  ...Object.entries(TONGBAN).map(([name, [, severity]]) => [`tongban/${name}`, severity]),
]);

/** A bpmnlint configuration plus the static resolver of its rules. */
export interface PackedLintConfig {
  config: { rules: Record<string, string | [string, unknown]> };
  resolver: { resolveRule(pkg: string, name: string): LintRuleFactory; resolveConfig(pkg: string, name: string): never };
}

/**
 * The lint configuration shared by the designer (bpmn-js-bpmnlint's `linting.bpmnlint`) and the
 * deployment check on the server, packed by hand: the rules are resolved from this module, not
 * from node_modules at run time.
 */
export function tongbanLintConfig(options: TongbanLintOptions = {}): PackedLintConfig {
  const rules: Record<string, string | [string, unknown]> = {};
  const factories = new Map<string, LintRuleFactory>();
  for (const [name, [factory, severity]] of Object.entries(RECOMMENDED)) {
    rules[name] = severity;
    factories.set(`bpmnlint/${name}`, factory);
  }
  for (const [name, [factory, severity]] of Object.entries(TONGBAN)) {
    rules[`tongban/${name}`] = name === 'known-department' ? [severity, { departments: options.departments ?? [] }]
      : name === 'known-form' ? [severity, { forms: options.forms }]
      : severity;
    factories.set(`bpmnlint-plugin-tongban/${name}`, factory);
  }
  return {
    config: { rules },
    resolver: {
      resolveRule(pkg, name) {
        const factory = factories.get(`${pkg}/${name}`);
        if (!factory) throw new Error(`unknown lint rule ${pkg}/${name}`);
        return factory;
      },
      resolveConfig(pkg, name) {
        throw new Error(`unknown lint configuration ${pkg}/${name}`);
      },
    },
  };
}
