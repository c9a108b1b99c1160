import type { ProcessModel } from '@tongban/bpmn';
import { isAutoApprovalOf } from '../compose/bundle-process.graph';
import type { BundleSavings } from './bundle-savings';

/** The departments a process asks for work: those of its user tasks, sorted. */
export function processDepartments(model: ProcessModel): string[] {
  const departments = Object.values(model.elements).flatMap((e) => (e.type === 'userTask' && e.department ? [e.department] : []));
  return [...new Set(departments)].sort();
}

/**
 * The longest sum of user-task time limits (`tongban:timeLimitDays`, or the days `tongban:timeLimitHours` span) along the process's sequence
 * flows from a start event: the days the bundle takes when every department uses its promised
 * time. A flow back to an element already on the path (a loop) adds nothing. The approval step of an
 * item with an auto-approval decision (秒办) counts 0 days: the rule decides it in seconds.
 */
export function processCriticalDays(model: ProcessModel): number {
  const longest = new Map<string, number>();
  const autoItems = new Set(Object.values(model.elements).flatMap((e) => (e.type === 'businessRuleTask' && e.tongban?.item && isAutoApprovalOf(e, e.tongban.item) ? [e.tongban.item] : [])));
  const onPath = new Set<string>();
  const from = (id: string): number => {
    const known = longest.get(id);
    if (known !== undefined) return known;
    if (onPath.has(id)) return 0;
    onPath.add(id);
    const element = model.elements[id];
    const own = element.type === 'userTask' && !autoItems.has(element.tongban?.item ?? '') ? stepDays(element.tongban) : 0;
    const next = element.outgoing.map((flow) => from(model.flows[flow].target));
    onPath.delete(id);
    const total = own + Math.max(0, ...next);
    longest.set(id, total);
    return total;
  };
  const starts = model.scopes[model.id].children.filter((id) => model.elements[id].type === 'startEvent');
  return Math.max(0, ...starts.map(from));
}

/** A bundle's savings as the process deployed for it runs: its departments and its critical path. */
export function deployedSavings(savings: BundleSavings, model: ProcessModel): BundleSavings {
  return { ...savings, departments: processDepartments(model).length, daysBundle: processCriticalDays(model) };
}

/** A bundle's stored artifacts as the process deployed for it runs: with its savings and departments. */
export function followProcess<T extends { savings: BundleSavings }>(artifacts: T, model: ProcessModel): T & { departments: string[] } {
  return { ...artifacts, savings: deployedSavings(artifacts.savings, model), departments: processDepartments(model) };
}

/** A step's limit in whole days: its `tongban:timeLimitDays`, or the days its `tongban:timeLimitHours` span (8 working hours, 24 natural hours a day). */
function stepDays(tongban: { timeLimitDays?: number; timeLimitHours?: number; timeLimitUnit?: 'working' | 'calendar' } | undefined): number {
  if (tongban?.timeLimitHours !== undefined) return Math.ceil(tongban.timeLimitHours / (tongban.timeLimitUnit === 'calendar' ? 24 : 8));
  return tongban?.timeLimitDays ?? 0;
}
