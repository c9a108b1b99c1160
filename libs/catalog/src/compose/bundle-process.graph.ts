import type { ElementDef } from '@tongban/bpmn';
import type { CertificateType, ServiceItem } from '../catalog/catalog.types';
import type { ComposedBundle } from './compose-bundle';

/** The job type of the service task that issues an item's result certificate. */
export const ISSUE_CERTIFICATE_JOB_TYPE = 'tongban.certificate.issue';

/** Whether a compiled element of a bundle process is the approval user task of `item`. */
export function isApprovalOf(element: ElementDef, item: string): boolean {
  return element.type === 'userTask' && element.tongban?.item === item;
}

/** Whether a compiled element of a bundle process is the task that issues `item`'s result certificate. */
export function isIssueOf(element: ElementDef, item: string): boolean {
  return element.jobType === ISSUE_CERTIFICATE_JOB_TYPE && element.tongban?.item === item;
}

/**
 * The variable an approval step's decision is written to (`tongban:decisionVariable`): `approve` or
 * `reject`; integrators of earlier versions write `true` or `false` to it themselves.
 */
export const APPROVAL_DECISION_VARIABLE = 'approved';

/** The FEEL condition under which an approval leads to issuing the item's certificate. */
export const APPROVED_CONDITION = `= ${APPROVAL_DECISION_VARIABLE} = "approve" or ${APPROVAL_DECISION_VARIABLE} = true`;

/** The approval condition of an item: a clerk's approval, or (秒办) its auto-approval decision's `approved`. */
function approvedConditionOf(autoVariable: string | undefined): string {
  return autoVariable ? `${APPROVED_CONDITION} or ${autoVariable}.approved = true` : APPROVED_CONDITION;
}

/** The department of the acceptance window (综合受理窗口) when acceptance is a user task. */
export const ACCEPTANCE_DEPARTMENT = 'service-center';

export type ProcessNodeKind = 'startEvent' | 'endEvent' | 'userTask' | 'serviceTask' | 'businessRuleTask' | 'exclusiveGateway' | 'parallelGateway';

/** The variable an item's auto-approval decision result is stored in: `{approved, reasons}`. */
export function autoApprovalVariable(idPart: string): string {
  return `autoApproval_${idPart}`;
}

/** The task variable in which the clerk of a 秒办 item sees the rule's result `{approved, reasons}` when it did not approve. */
export const AUTO_APPROVAL_TASK_VARIABLE = 'autoApproval';

/** Whether a compiled element of a bundle process is the auto-approval (秒办) business rule task of `item`. */
export function isAutoApprovalOf(element: ElementDef, item: string): boolean {
  return element.type === 'businessRuleTask' && element.tongban?.item === item && !!element.calledDecision;
}

/** A flow node of a generated bundle process, before layout. */
export interface ProcessNode {
  id: string;
  kind: ProcessNodeKind;
  name: string;
  /** `tongban:` attributes, in output order. */
  attributes: Array<[string, string]>;
  /** Terminate end event (a rejection that stops the chain). */
  terminate?: boolean;
  /** The item the node belongs to; undefined for the bundle-level start, end and gateways. */
  item?: string;
  /** Placed under its item's row instead of on it (the rejection end). */
  below?: boolean;
  /** Exclusive gateways: the id of the default flow. */
  defaultFlow?: string;
  /** Business rule tasks: the decision they evaluate (`zeebe:calledDecision`). */
  calledDecision?: { decisionId: string; resultVariable: string };
  /** Local variables the task gets (`zeebe:ioMapping` inputs): a 秒办 item's clerk sees the rule's result. */
  inputs?: Array<{ source: string; target: string }>;
}

export interface ProcessFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  condition?: string;
  /** Drawn under the item's row (the rejection path). */
  below?: boolean;
}

export interface ProcessGraph {
  processId: string;
  name: string;
  nodes: ProcessNode[];
  flows: ProcessFlow[];
}

export interface BundleProcessOptions {
  /**
   * `event` (default): the application is accepted when it is submitted and passes the form and
   * material checks, so the process starts at a start event named 受理. `task`: a clerk of the
   * acceptance window (department `service-center`) accepts it in a user task first.
   */
  acceptance?: 'event' | 'task';
  /** Certificate types by type, for task names; the type code is used when a type is absent. */
  certificateTypes?: CertificateType[];
}

/** An XML-name-safe id fragment for an item code. */
function idPart(code: string): string {
  return code.replace(/[^A-Za-z0-9_]/g, '_');
}

function certificatesIn(item: ServiceItem): string[] {
  return [...new Set(item.materials.flatMap((m) => (m.satisfiedBy ? [m.satisfiedBy] : [])))];
}

/** Builds the nodes and flows of a bundle's process (see `generateBundleBpmn` for the shape). */
export function buildBundleProcess(bundle: ComposedBundle, options: BundleProcessOptions = {}): ProcessGraph {
  const nodes: ProcessNode[] = [];
  const flows: ProcessFlow[] = [];
  const certName = (type: string) => options.certificateTypes?.find((t) => t.type === type)?.name ?? type;
  const add = (node: ProcessNode) => (nodes.push(node), node.id);
  const flow = (source: string, target: string, extra: Partial<ProcessFlow> = {}) => {
    const id = extra.id ?? `Flow_${source}_to_${target}`;
    flows.push({ id, source, target, ...extra });
    return id;
  };

  const used = new Set<string>();
  const part = new Map(bundle.items.map((item) => {
    let p = idPart(item.code);
    for (let n = 2; used.has(p); n++) p = `${idPart(item.code)}_${n}`;
    used.add(p);
    return [item.code, p];
  }));
  const dependents = (code: string) => bundle.edges.filter((e) => e.from === code).map((e) => e.to);
  const predecessors = (code: string) => bundle.edges.filter((e) => e.to === code).map((e) => e.from);
  const roots = bundle.items.filter((i) => predecessors(i.code).length === 0);
  const sinks = bundle.items.filter((i) => dependents(i.code).length === 0);

  // 1. Acceptance: a start event, optionally followed by the acceptance window's user task.
  let head = add({ id: 'StartEvent_accepted', kind: 'startEvent', name: '受理 / Accepted', attributes: [] });
  if (options.acceptance === 'task') {
    const fields = [...new Set(bundle.items.flatMap((i) => i.fields))];
    const accept = add({ id: 'Task_accept', kind: 'userTask', name: '受理 / Accept', attributes: [['department', ACCEPTANCE_DEPARTMENT], ['fields', fields.join(',')]] });
    flow(head, accept);
    head = accept;
  }
  if (roots.length > 1) {
    const fork = add({ id: 'Gateway_fork', kind: 'parallelGateway', name: '分送各部门 / To the departments', attributes: [] });
    flow(head, fork);
    head = fork;
  }

  // 2. Per item: [join] → approval → decision → [issue certificate] → [merge | fork]; rejection ends or merges.
  const entry = new Map<string, string>();
  const exit = new Map<string, { node: string; approvedOnly: boolean }>();
  for (const item of bundle.items) {
    const p = part.get(item.code)!;
    const waitsFor = predecessors(item.code).length;
    const next = dependents(item.code);
    const join = waitsFor > 1 ? add({ id: `Gateway_${p}_join`, kind: 'parallelGateway', name: '', attributes: [], item: item.code }) : undefined;
    // 秒办: the item's auto-approval decision runs first; approved by rule, the clerk's step is skipped
    const autoVariable = autoApprovalVariable(p);
    const auto = item.autoApproval
      ? add({
        id: `Task_${p}_autoApproval`, kind: 'businessRuleTask', name: `${item.name} 秒办 / Auto-approval`, item: item.code,
        attributes: [['item', item.code]], calledDecision: { decisionId: item.autoApproval.decisionId, resultVariable: autoVariable },
      })
      : undefined;
    const autoGate = auto ? add({ id: `Gateway_${p}_auto`, kind: 'exclusiveGateway', name: '规则批准? / Approved by rule?', attributes: [], item: item.code }) : undefined;
    const approve = add({
      id: `Task_${p}_approve`, kind: 'userTask', name: `${item.name} 审批 / Approval`, item: item.code,
      attributes: [
        ['department', item.department], ['item', item.code], ['fields', item.fields.join(',')],
        ['certificatesIn', certificatesIn(item).join(',')], ['certificatesOut', item.result ?? ''],
        ...stepLimit(item), ['decisionVariable', APPROVAL_DECISION_VARIABLE],
      ].filter(([, v]) => v !== '') as Array<[string, string]>,
    });
    if (join) flow(join, auto ?? approve);
    entry.set(item.code, join ?? auto ?? approve);
    const decision = add({ id: `Gateway_${p}_decision`, kind: 'exclusiveGateway', name: '批准? / Approved?', attributes: [], item: item.code });
    if (auto && autoGate) {
      nodes.find((n) => n.id === approve)!.inputs = [{ source: `= ${autoVariable}`, target: AUTO_APPROVAL_TASK_VARIABLE }];
      flow(auto, autoGate);
      flow(autoGate, decision, { id: `Flow_${p}_autoApproved`, name: '规则批准 / Approved by rule', condition: `= ${autoVariable}.approved = true`, below: true });
      nodes.find((n) => n.id === autoGate)!.defaultFlow = flow(autoGate, approve, { id: `Flow_${p}_toClerk`, name: '转人工 / To the clerk' });
    }
    flow(approve, decision);
    const approvedCondition = approvedConditionOf(item.autoApproval ? autoVariable : undefined);
    const issue = item.result
      ? add({
        id: `Task_${p}_issue`, kind: 'serviceTask', name: `签发${certName(item.result)} / Issue certificate`, item: item.code,
        attributes: [['taskType', ISSUE_CERTIFICATE_JOB_TYPE], ['item', item.code], ['certificatesOut', item.result]],
      })
      : undefined;
    const merge = next.length === 0 ? add({ id: `Gateway_${p}_done`, kind: 'exclusiveGateway', name: '', attributes: [], item: item.code }) : undefined;
    const fork = next.length > 1 ? add({ id: `Gateway_${p}_fork`, kind: 'parallelGateway', name: '', attributes: [], item: item.code }) : undefined;
    const rejected = merge ?? add({
      id: `EndEvent_${p}_rejected`, kind: 'endEvent', name: '不予办理 / Rejected', attributes: [], terminate: true, item: item.code, below: true,
    });

    const afterApproval = issue ?? merge ?? fork;
    if (afterApproval) flow(decision, afterApproval, { id: `Flow_${p}_approved`, name: '批准 / Approved', condition: approvedCondition });
    const defaultFlow = flow(decision, rejected, { id: `Flow_${p}_rejected`, name: '不批准 / Rejected', below: true });
    nodes.find((n) => n.id === decision)!.defaultFlow = defaultFlow;
    if (issue && (merge ?? fork)) flow(issue, (merge ?? fork)!);
    exit.set(item.code, afterApproval ? { node: merge ?? fork ?? issue!, approvedOnly: false } : { node: decision, approvedOnly: true });
  }

  // 3. Wiring: roots after acceptance, each dependency edge, sinks into the end.
  for (const root of roots) flow(head, entry.get(root.code)!);
  const wire = (code: string, target: string) => {
    const out = exit.get(code)!;
    if (out.approvedOnly) {
      const p = part.get(code)!;
      const item = bundle.items.find((i) => i.code === code)!;
      flow(out.node, target, { id: `Flow_${p}_approved`, name: '批准 / Approved', condition: approvedConditionOf(item.autoApproval ? autoApprovalVariable(p) : undefined) });
    } else flow(out.node, target);
  };
  for (const edge of bundle.edges) wire(edge.from, entry.get(edge.to)!);
  const end = { id: 'EndEvent_completed', kind: 'endEvent' as const, name: '办结 / Completed', attributes: [] };
  if (sinks.length > 1) {
    const join = add({ id: 'Gateway_join', kind: 'parallelGateway', name: '汇总办结 / All done', attributes: [] });
    for (const sink of sinks) wire(sink.code, join);
    add(end);
    flow(join, end.id);
  } else {
    add(end);
    wire(sinks[0].code, end.id);
  }
  return { processId: `bundle-${bundle.code}`, name: bundle.name, nodes, flows };
}

/** The approval step's `tongban:` limit attributes: the item's promised days, or its promised hours (秒办/即办). */
function stepLimit(item: ServiceItem): Array<[string, string]> {
  if (item.dayUnit === 'working-hours' || item.dayUnit === 'hours') return [['timeLimitHours', String(item.promisedDays)], ['timeLimitUnit', item.dayUnit === 'hours' ? 'calendar' : 'working']];
  return [['timeLimitDays', String(item.promisedDays)], ['timeLimitUnit', item.dayUnit]];
}
