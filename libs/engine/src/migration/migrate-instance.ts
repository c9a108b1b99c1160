import type { ElementDef, ProcessModel } from '@tongban/bpmn';
import { EngineError } from '../engine.errors';
import type { EngineContext, MigrationMapping, MigrationResult, MovedElement } from '../engine.types';
import { isSubscribable, openSubscription } from '../events/event-subscriptions';
import type { CompensableRecord, ElementInstance, EngineState } from '../execution/engine-state';
import { isActivity } from '../execution/model-index';
import { Run } from '../execution/run';
import { runHooks } from '../execution/run-hooks';

/** Waits during which an element instance holds its boundary / event subprocess / event-gateway subscriptions. */
const LISTENING = new Set(['task', 'job', 'call', 'scope', 'multi', 'catch', 'trigger', 'gateway']);

/**
 * Instance migration (Camunda 8's `MigrateProcessInstance`): every active element instance moves to
 * its counterpart in the target model — the element an explicit mapping names, else the element with
 * the same id. Keys stay, so tasks, jobs and calls keep their identity; variables, incidents, joins
 * and completed-task records move with their elements. Subscriptions of mapped events are kept
 * (a timer keeps its due time); those the target no longer has are closed and those it adds are
 * opened, as if the element had been entered on the target.
 *
 * Refused (MIGRATION_REFUSED, every reason in the message, state unchanged): a mapping naming an
 * element either model lacks or a source twice; an active element with no counterpart; a change of
 * element type, event kind, or multi-instance marker (MI ↔ non-MI, sequential ↔ parallel); an element
 * whose target lies in another scope than its enclosing instance's target (a token entering or
 * leaving a subprocess); a join waiting on a flow the target lacks; a pending continuation's flow
 * the target lacks.
 */
export function migrateInstance(source: ProcessModel, target: ProcessModel, state: EngineState, mappings: MigrationMapping[], ctx: EngineContext): MigrationResult {
  if (state.status !== 'active') throw new EngineError('INSTANCE_NOT_ACTIVE', `instance of ${state.processId} is ${state.status}`);
  const mapId = mappingOf(source, target, mappings);
  const targets = plan(source, target, state, mapId);
  const run = new Run(target, state, ctx, runHooks);
  const moved = moveElements(run, targets, mapId);
  moveSubscriptions(run, mapId, moved);
  state.processId = target.id;
  run.history('instance.migrated', target.id, state.rootKey, { from: source.id, to: target.id, moved: moved.map((m) => ({ ...m })) });
  return { state, effects: run.effects, moved };
}

function refuse(reasons: string[]): never {
  throw new EngineError('MIGRATION_REFUSED', reasons.join('; '));
}

/** The counterpart of a source element id: the mapping's target, else the same id when the target has it. */
function mappingOf(source: ProcessModel, target: ProcessModel, mappings: MigrationMapping[]): (id: string) => string | undefined {
  if (!Array.isArray(mappings)) refuse(['mappings must be a list']);
  const explicit = new Map<string, string>();
  const reasons: string[] = [];
  for (const [index, mapping] of mappings.entries()) {
    if (mapping === null || typeof mapping !== 'object' || typeof mapping.source !== 'string' || typeof mapping.target !== 'string') {
      reasons.push(`mapping ${index + 1} must have a source and a target element id`);
      continue;
    }
    if (!source.elements[mapping.source]) reasons.push(`mapping ${index + 1}: the source process has no element ${mapping.source}`);
    if (!target.elements[mapping.target]) reasons.push(`mapping ${index + 1}: the target process has no element ${mapping.target}`);
    if (explicit.has(mapping.source)) reasons.push(`mapping ${index + 1}: ${mapping.source} is mapped twice`);
    explicit.set(mapping.source, mapping.target);
  }
  if (reasons.length > 0) refuse(reasons);
  return (id) => (id === source.id ? target.id : explicit.get(id) ?? (target.elements[id] ? id : undefined));
}

/** The target element id of every element instance, or every reason the migration is refused. */
function plan(source: ProcessModel, target: ProcessModel, state: EngineState, mapId: (id: string) => string | undefined): Map<string, string> {
  const targets = new Map<string, string>();
  const reasons: string[] = [];
  for (const ei of Object.values(state.els)) {
    const to = mapId(ei.el);
    if (to === undefined) reasons.push(`active element ${ei.el} has no counterpart in ${target.id} (map it)`);
    else targets.set(ei.key, to);
  }
  for (const ei of Object.values(state.els)) {
    const to = targets.get(ei.key);
    if (ei.key === state.rootKey || to === undefined) continue;
    reasons.push(...elementRefusals(source.elements[ei.el], target.elements[to]));
    const parent = ei.parent ? state.els[ei.parent] : undefined;
    const parentTo = parent ? targets.get(parent.key) : undefined;
    if (!parent || parentTo === undefined || ei.inner) continue;
    const scopeTo = target.elements[to].scope;
    if (scopeTo !== parentTo) reasons.push(`${ei.el} is inside ${parent.el}, but its target ${to} is inside ${scopeTo}, not ${parentTo} (a token cannot change scope)`);
    if (ei.pendingFlows?.some((flow) => target.flows[flow]?.source !== to)) reasons.push(`${ei.el} waits to take flows ${ei.pendingFlows.join(', ')} that ${to} does not have in ${target.id}`);
  }
  for (const ei of Object.values(state.els)) reasons.push(...joinRefusals(ei, target, mapId));
  if (reasons.length > 0) refuse([...new Set(reasons)]);
  return targets;
}

function elementRefusals(from: ElementDef, to: ElementDef): string[] {
  const reasons: string[] = [];
  if (from.type !== to.type) reasons.push(`${from.id} is a ${from.type}, its target ${to.id} a ${to.type}`);
  if ((from.event?.kind ?? 'none') !== (to.event?.kind ?? 'none')) reasons.push(`${from.id} is a ${from.event?.kind ?? 'none'} event, its target ${to.id} a ${to.event?.kind ?? 'none'} event`);
  if (!!from.multiInstance !== !!to.multiInstance) reasons.push(`${from.id} ${from.multiInstance ? 'is' : 'is not'} multi-instance, its target ${to.id} ${to.multiInstance ? 'is' : 'is not'}`);
  else if (from.multiInstance && to.multiInstance && from.multiInstance.sequential !== to.multiInstance.sequential) {
    reasons.push(`${from.id} is ${from.multiInstance.sequential ? 'sequential' : 'parallel'} multi-instance, its target ${to.id} is not`);
  }
  return reasons;
}

/** A join's arrivals move with the gateway only when the target has the same flows into its counterpart. */
function joinRefusals(scope: ElementInstance, target: ProcessModel, mapId: (id: string) => string | undefined): string[] {
  const reasons: string[] = [];
  for (const [gateway, arrivals] of Object.entries(scope.joins ?? {})) {
    const to = mapId(gateway);
    if (to === undefined) {
      reasons.push(`join ${gateway} holds tokens but has no counterpart in ${target.id} (map it)`);
      continue;
    }
    for (const flow of Object.keys(arrivals)) {
      if (target.flows[flow]?.target !== to) reasons.push(`join ${gateway} holds a token from flow ${flow}, which does not lead to ${to} in ${target.id}`);
    }
  }
  return reasons;
}

/** Renames the element instances, joins, incidents and completion records to their target ids. */
function moveElements(run: Run, targets: Map<string, string>, mapId: (id: string) => string | undefined): MovedElement[] {
  const moved: MovedElement[] = [];
  for (const ei of Object.values(run.state.els)) {
    const to = targets.get(ei.key) as string;
    if (ei.key !== run.state.rootKey && to !== ei.el) moved.push({ key: ei.key, from: ei.el, to });
    ei.el = to;
    if (ei.joins) ei.joins = Object.fromEntries(Object.entries(ei.joins).map(([gateway, arrivals]) => [mapId(gateway) as string, arrivals]));
    if (ei.doneTasks) ei.doneTasks = ei.doneTasks.map(mapId).filter((id): id is string => id !== undefined);
    if (ei.compensable) ei.compensable = mapRecords(ei.compensable, mapId);
  }
  for (const incident of Object.values(run.state.incidents)) incident.elementId = mapId(incident.elementId) ?? incident.elementId;
  return moved;
}

/** Compensation records whose activity or handler the target lacks are dropped: there is nothing to compensate with. */
function mapRecords(records: CompensableRecord[], mapId: (id: string) => string | undefined): CompensableRecord[] {
  const out: CompensableRecord[] = [];
  for (const record of records) {
    const el = mapId(record.el);
    const handler = mapId(record.handler);
    if (el === undefined || handler === undefined) continue;
    out.push({
      ...record, el, handler,
      ...(record.inner ? { inner: mapRecords(record.inner, mapId) } : {}),
      ...(record.in ? { in: record.in.map((id) => mapId(id) ?? id) } : {}),
    });
  }
  return out;
}

/**
 * Subscriptions after the elements moved: a catch event's own subscription follows it; a boundary,
 * event subprocess start or event-gateway target the owner still has in the target is kept under its
 * new id (timers keep their due time); others are closed; events the target adds are opened.
 */
function moveSubscriptions(run: Run, mapId: (id: string) => string | undefined, moved: MovedElement[]): void {
  const { state } = run;
  for (const sub of Object.values(state.subs)) {
    if (sub.key !== sub.owner) continue;
    const to = state.els[sub.owner]?.el ?? sub.el;
    if (to !== sub.el) moved.push({ key: sub.key, from: sub.el, to, subscription: sub.kind });
    sub.el = to;
  }
  for (const owner of Object.values(state.els)) {
    const expected = listening(run, owner) ? expectedEvents(run, owner) : [];
    const kept = new Set<string>();
    for (const key of [...(owner.subs ?? [])]) {
      const sub = state.subs[key];
      const to = sub ? mapId(sub.el) : undefined;
      const event = expected.find((el) => el.id === to);
      if (!sub || !event || kept.has(event.id) || (event.event?.kind ?? 'message') !== sub.kind) {
        run.closeSubscription(key);
        owner.subs = owner.subs?.filter((k) => k !== key);
        continue;
      }
      kept.add(event.id);
      if (event.id !== sub.el) moved.push({ key: sub.key, from: sub.el, to: event.id, subscription: sub.kind });
      sub.el = event.id;
    }
    if (owner.subs?.length === 0) delete owner.subs;
    for (const event of expected) {
      if (kept.has(event.id)) continue;
      const failure = openSubscription(run, owner, event);
      if (failure) refuse([`${event.id} of ${owner.el} cannot be subscribed on the target: ${failure.message}`]);
    }
  }
}

function listening(run: Run, ei: ElementInstance): boolean {
  if (ei.compensating || ei.cont === 'before') return false;
  if (ei.wait === 'incident') return ei.incident !== undefined && run.state.retries[ei.incident]?.action !== 'activate';
  return ei.key === run.state.rootKey || (ei.wait !== undefined && LISTENING.has(ei.wait));
}

/** The subscribable events an element instance listens to on the target: boundaries, event subprocess starts, event-gateway targets. */
function expectedEvents(run: Run, ei: ElementInstance): ElementDef[] {
  const el = ei.key === run.state.rootKey ? undefined : run.model.elements[ei.el];
  const events: ElementDef[] = [];
  if (el && isActivity(el) && !ei.inner) events.push(...(run.index.boundaries[el.id] ?? []));
  if (ei.wait === 'scope' || ei.key === run.state.rootKey) {
    const interrupted = Object.values(run.state.els).some((child) => child.parent === ei.key && child.interrupting);
    if (!interrupted) for (const esp of run.model.scopes[ei.el]?.eventSubprocesses ?? []) {
      const start = run.index.eventSubprocessStart[esp];
      if (start) events.push(start);
    }
  }
  if (el?.type === 'eventBasedGateway' && ei.wait === 'gateway') {
    events.push(...el.outgoing.map((flow) => run.model.elements[run.model.flows[flow].target]));
  }
  return events.filter((event) => isSubscribable(event));
}
