import type { ElementDef, FlowDef, ProcessModel } from '@tongban/bpmn';
import type { Effect, EngineContext, HistoryEventType, IncidentType, InstanceStatus, Variables } from '../engine.types';
import { evaluateFeel, type FeelResult } from '../feel/sandboxed-feel';
import { feelBody } from '../feel/feel-expression';
import { propagateVariables, setLocalVariables, visibleVariables } from '../variables/variable-scopes';
import type { CompensableRecord, ElementInstance, EngineState, IncidentRetry } from './engine-state';
import { indexOf, type ModelIndex } from './model-index';

const DEFAULT_STEP_BUDGET = 10_000;

/** Options of `Run.create`: how a new element instance is entered. */
export interface EnterOptions {
  vars?: Variables;
  trigger?: Variables;
  inner?: boolean;
  compensating?: string;
  /** Do not queue the activation; the caller activates. */
  manual?: boolean;
}

/** Options of `Run.complete`. */
export interface CompleteOptions {
  /** Flows to take instead of the element's outgoing flows (gateways). */
  flows?: string[];
  /** Keep the completion variables local to the instance (only outputs propagate). */
  local?: boolean;
  /** The element's output mappings were applied elsewhere (multi-instance inner instances). */
  skipOutputs?: boolean;
}

/** Hooks the behaviours register so the core can hand work back to them without importing them. */
export interface RunHooks {
  activate(run: Run, ei: ElementInstance, el: ElementDef): void;
  /** What the element instance waits for is done: its behaviour's `complete`. */
  waitEnded(run: Run, ei: ElementInstance, variables: Variables | undefined): void;
  /** The element instance is interrupted or terminated: its behaviour's `cancel`. */
  cancel(run: Run, ei: ElementInstance): void;
  innerCompleted(run: Run, body: ElementInstance, inner: ElementInstance, context: Variables): void;
  handlerCompleted(run: Run, throwKey: string): void;
  evaluateJoins(run: Run, scope: ElementInstance): void;
  conditionsChanged(run: Run): void;
  arrive(run: Run, el: ElementDef, parent: string, flow: string): void;
}

/**
 * One command's work on an instance: the mutable state copy, the effects so far and the agenda of
 * element instances waiting to be activated. Behaviours drive it; it owns the token bookkeeping.
 */
export class Run {
  readonly effects: Effect[] = [];
  readonly index: ModelIndex;
  readonly budget: number;
  varsChanged = false;
  private readonly agenda: string[] = [];
  private steps = 0;
  private terminating = 0;

  constructor(
    readonly model: ProcessModel,
    readonly state: EngineState,
    readonly ctx: EngineContext,
    readonly hooks: RunHooks,
  ) {
    this.index = indexOf(model);
    this.budget = ctx.stepBudget ?? DEFAULT_STEP_BUDGET;
  }

  // ------------------------------------------------------------ basics

  newKey(): string {
    return String(this.state.nextKey++);
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  history(event: HistoryEventType, elementId: string, key?: string, data?: Variables): void {
    this.effects.push(data ? { type: 'history', event, elementId, key, data } : { type: 'history', event, elementId, key });
  }

  element(id: string): ElementDef {
    const el = this.model.elements[id];
    if (!el) throw new Error(`model ${this.model.id} has no element ${id}`);
    return el;
  }

  children(scopeKey: string): ElementInstance[] {
    return Object.values(this.state.els).filter((ei) => ei.parent === scopeKey);
  }

  // ------------------------------------------------------------ variables and FEEL

  variables(key: string | undefined): Variables {
    return visibleVariables(this.state, key);
  }

  /** Evaluates FEEL source (with or without the `=` / `${}` marker) in the scope of the instance. */
  evaluate(expression: string, key: string | undefined, extra?: Variables): FeelResult {
    const vars = this.variables(key);
    return evaluateFeel(feelBody(expression) ?? expression, extra ? { ...vars, ...extra } : vars, this.ctx.now);
  }

  /** A text that is FEEL when it starts with `=` (or `${`), a literal otherwise. */
  textValue(text: string, key: string): FeelResult {
    return feelBody(text) === undefined ? { ok: true, value: text } : this.evaluate(text, key);
  }

  /** A condition: true, false, or a failure (null counts as false; other non-booleans fail). */
  condition(expression: string, key: string | undefined, extra?: Variables): FeelResult {
    const result = this.evaluate(expression, key, extra);
    if (!result.ok) return result;
    if (result.value === null) return { ok: true, value: false };
    if (typeof result.value !== 'boolean') {
      return { ok: false, message: `condition '${expression}' gave ${JSON.stringify(result.value)}, not a boolean` };
    }
    return result;
  }

  propagate(fromKey: string | undefined, vars: Variables): void {
    if (Object.keys(vars).length === 0) return;
    propagateVariables(this.state, fromKey, vars);
    this.varsChanged = true;
  }

  setLocal(key: string, vars: Variables): void {
    if (Object.keys(vars).length === 0) return;
    setLocalVariables(this.state, key, vars);
    this.varsChanged = true;
  }

  // ------------------------------------------------------------ entering and activating

  /** Creates an element instance in a scope, records its entry and queues its activation. */
  create(elementId: string, parent: string, options: EnterOptions = {}): ElementInstance {
    const ei: ElementInstance = { key: this.newKey(), el: elementId, parent };
    if (options.inner) ei.inner = true;
    if (options.trigger) ei.trigger = options.trigger;
    if (options.compensating) ei.compensating = options.compensating;
    if (options.vars) ei.vars = options.vars;
    this.state.els[ei.key] = ei;
    this.history('element.entered', elementId, ei.key);
    if (!options.manual) this.agenda.push(ei.key);
    return ei;
  }

  /** Queues the activation of an existing instance (after a continuation or an incident). */
  schedule(ei: ElementInstance): void {
    this.agenda.push(ei.key);
  }

  /** Takes a sequence flow: records it and hands the token to the target element. */
  takeFlow(flowId: string, parent: string): void {
    const flow = this.model.flows[flowId];
    this.history('flow.taken', flow.id, undefined);
    const target = this.element(flow.target);
    if ((target.type === 'parallelGateway' || target.type === 'inclusiveGateway') && target.incoming.length > 1) {
      this.hooks.arrive(this, target, parent, flow.id);
    } else {
      this.create(target.id, parent);
    }
  }

  /** Runs queued activations until every token rests, then re-checks conditions on changed variables. */
  drain(): void {
    for (;;) {
      while (this.agenda.length > 0) {
        const ei = this.state.els[this.agenda.shift() as string];
        if (!ei || this.state.status !== 'active') continue;
        if (++this.steps > this.budget) {
          this.raiseIncident(ei, 'STEP_BUDGET_EXCEEDED', `more than ${this.budget} element activations in one command at ${ei.el}`, 'activate');
          continue;
        }
        this.hooks.activate(this, ei, this.element(ei.el));
      }
      if (!this.varsChanged || this.state.status !== 'active') return;
      this.varsChanged = false;
      this.hooks.conditionsChanged(this);
      if (this.agenda.length === 0) return;
    }
  }

  // ------------------------------------------------------------ completing

  /**
   * The element has done its work: apply its variables and outputs, close its subscriptions,
   * record it, then (after an asyncAfter commit point) move the token on.
   */
  complete(ei: ElementInstance, vars?: Variables, options: CompleteOptions = {}): void {
    if (ei.key === this.state.rootKey) {
      this.finish('completed');
      return;
    }
    const el = this.element(ei.el);
    if (!this.applyCompletionVariables(ei, el, vars, options)) return;
    const flows = options.flows ?? this.outgoingFlows(ei, el);
    if (!flows) return;
    this.closeSubscriptions(ei);
    this.history('element.left', ei.el, ei.key);
    this.recordCompensable(ei, el);
    if (el.asyncAfter && !ei.inner && ei.cont !== 'done') {
      ei.cont = 'after';
      ei.wait = 'continuation';
      ei.pendingFlows = flows;
      this.emit({ type: 'continuation', key: ei.key, elementId: ei.el });
      return;
    }
    this.leave(ei, flows);
  }

  /** Removes the instance and hands its token on: to flows, a multi-instance body or a compensation throw. */
  leave(ei: ElementInstance, flows: string[]): void {
    const context = ei.inner ? this.variables(ei.key) : undefined;
    delete this.state.els[ei.key];
    const parent = ei.parent as string;
    if (ei.inner) {
      const body = this.state.els[parent];
      if (body) this.hooks.innerCompleted(this, body, ei, context as Variables);
    } else if (ei.compensating) {
      this.hooks.handlerCompleted(this, ei.compensating);
    } else {
      for (const flow of flows) this.takeFlow(flow, parent);
    }
    this.checkScope(parent);
  }

  private applyCompletionVariables(ei: ElementInstance, el: ElementDef, vars: Variables | undefined, options: CompleteOptions): boolean {
    const given = vars ?? ei.pendingVars;
    if (el.outputs && el.outputs.length > 0 && !options.skipOutputs) {
      if (given) this.setLocal(ei.key, given);
      const out: Variables = {};
      for (const mapping of el.outputs) {
        const result = this.evaluate(mapping.source, ei.key);
        if (!result.ok) {
          ei.pendingVars = given;
          this.raiseIncident(ei, 'FEEL_ERROR', `output ${mapping.target} of ${el.id}: ${result.message}`, 'complete');
          return false;
        }
        out[mapping.target] = result.value;
      }
      this.propagate(ei.parent, out);
    } else if (given) {
      if (options.local) this.setLocal(ei.key, given);
      else this.propagate(ei.parent, given);
    }
    delete ei.pendingVars;
    return true;
  }

  /** Outgoing flows of a non-gateway element: unconditional ones and true conditions, else the default. */
  private outgoingFlows(ei: ElementInstance, el: ElementDef): string[] | undefined {
    if (el.outgoing.length === 0) return [];
    const taken: string[] = [];
    for (const flowId of el.outgoing) {
      const flow: FlowDef = this.model.flows[flowId];
      if (flowId === el.defaultFlow) continue;
      if (!flow.condition) {
        taken.push(flowId);
        continue;
      }
      const result = this.condition(flow.condition, ei.key);
      if (!result.ok) {
        this.raiseIncident(ei, 'FEEL_ERROR', `flow ${flowId}: ${result.message}`, 'complete');
        return undefined;
      }
      if (result.value === true) taken.push(flowId);
    }
    if (taken.length === 0 && el.defaultFlow) taken.push(el.defaultFlow);
    return taken;
  }

  /**
   * A completed activity becomes compensable in its scope: by its compensation handler, by the
   * compensation event subprocess of a subprocess (which keeps the records of the subprocess's own
   * activities for a throw inside it), or else through the compensable activities inside it, whose
   * handlers then see the subprocess's variables as they were at its end. Each inner instance of a
   * multi-instance activity is recorded on the body with its own variables, and the body hands them
   * on in completion order.
   */
  private recordCompensable(ei: ElementInstance, el: ElementDef): void {
    if (ei.compensating) return;
    const scope = this.state.els[ei.parent as string];
    if (!scope) return;
    const records = this.compensableRecordsOf(ei, el);
    if (records.length > 0) (scope.compensable ??= []).push(...records);
  }

  private compensableRecordsOf(ei: ElementInstance, el: ElementDef): CompensableRecord[] {
    if (el.multiInstance && !ei.inner) return ei.compensable ?? [];
    const vars = ei.vars ? { vars: ei.vars } : {};
    if (el.compensationHandler) return [{ el: el.id, handler: el.compensationHandler, ...(ei.inner ? vars : {}) }];
    const esp = el.type === 'subProcess' ? this.compensationEventSubprocess(el.id) : undefined;
    if (esp) return [{ el: el.id, handler: esp, ...vars, ...(ei.compensable ? { inner: ei.compensable } : {}) }];
    return (ei.compensable ?? []).map((record) => ({
      ...record,
      ...(ei.vars ? { vars: { ...ei.vars, ...(record.vars ?? {}) } } : {}),
      in: [...(record.in ?? []), el.id],
    }));
  }

  /** The event subprocess of a subprocess that starts with a compensation event, if any. */
  private compensationEventSubprocess(subprocessId: string): string | undefined {
    return (this.model.scopes[subprocessId]?.eventSubprocesses ?? []).find(
      (esp) => this.index.eventSubprocessStart[esp]?.event?.kind === 'compensate',
    );
  }

  /** When a scope has no tokens left it completes; waiting inclusive joins are re-evaluated first. */
  checkScope(scopeKey: string): void {
    if (this.terminating > 0) return;
    const scope = this.state.els[scopeKey];
    if (!scope || scope.wait !== 'scope' || this.state.status !== 'active') return;
    if (scope.joins) this.hooks.evaluateJoins(this, scope);
    if (scope.joins && Object.keys(scope.joins).length > 0) return;
    for (const key in this.state.els) if (this.state.els[key].parent === scopeKey) return;
    if (this.agenda.some((key) => this.state.els[key]?.parent === scopeKey)) return;
    this.complete(scope);
  }

  // ------------------------------------------------------------ terminating

  /** Ends an element instance and everything inside it, withdrawing its waits. */
  terminate(ei: ElementInstance): void {
    this.terminating++;
    for (const child of this.children(ei.key).reverse()) this.terminate(child);
    if (ei.key !== this.state.rootKey) this.hooks.cancel(this, ei);
    this.closeSubscriptions(ei);
    if (ei.incident) this.dropIncident(ei.incident, ei);
    delete this.state.els[ei.key];
    if (ei.key !== this.state.rootKey) this.history('element.terminated', ei.el, ei.key);
    this.terminating--;
  }

  /** Terminates every instance inside a scope and clears its joins. */
  terminateChildren(scope: ElementInstance): void {
    for (const child of this.children(scope.key).reverse()) this.terminate(child);
    delete scope.joins;
  }

  // ------------------------------------------------------------ subscriptions

  closeSubscription(subKey: string): void {
    const sub = this.state.subs[subKey];
    if (!sub) return;
    delete this.state.subs[subKey];
    if (sub.kind === 'timer') this.emit({ type: 'timer.cancelled', key: sub.key, elementId: sub.el });
    if (sub.kind === 'message') this.emit({ type: 'message.unsubscribed', key: sub.key, elementId: sub.el });
    if (sub.kind === 'signal') this.emit({ type: 'signal.unsubscribed', key: sub.key, elementId: sub.el });
  }

  closeSubscriptions(ei: ElementInstance): void {
    if (!ei.subs) return;
    for (const key of ei.subs) this.closeSubscription(key);
    delete ei.subs;
  }

  // ------------------------------------------------------------ incidents and the end

  raiseIncident(ei: ElementInstance, type: IncidentType, message: string, action: IncidentRetry['action']): void {
    const key = this.newKey();
    if (action === 'activate') this.closeSubscriptions(ei);
    ei.incident = key;
    ei.wait = 'incident';
    this.state.incidents[key] = { key, elementId: ei.el, type, message };
    this.state.retries[key] = { ei: ei.key, action };
    this.emit({ type: 'incident.raised', key, elementId: ei.el, incidentType: type, message });
  }

  /**
   * An incident on an instance that waits with nothing able to wake it; the element instance keeps
   * its wait, and resolving the incident only checks again.
   */
  raiseStall(ei: ElementInstance, elementId: string, message: string): void {
    const key = this.newKey();
    ei.incident = key;
    this.state.incidents[key] = { key, elementId, type: 'STALLED', message };
    this.state.retries[key] = { ei: ei.key, action: 'check' };
    this.emit({ type: 'incident.raised', key, elementId, incidentType: 'STALLED', message });
  }

  dropIncident(incidentKey: string, ei: ElementInstance): void {
    const incident = this.state.incidents[incidentKey];
    delete this.state.incidents[incidentKey];
    delete this.state.retries[incidentKey];
    delete ei.incident;
    this.emit({ type: 'incident.resolved', key: incidentKey, elementId: incident?.elementId ?? ei.el });
  }

  /** Ends the instance: everything left is terminated, the parent (if any) is told by `instance.ended`. */
  finish(status: InstanceStatus, error?: { code: string; message?: string }): void {
    const root = this.state.els[this.state.rootKey];
    this.terminateChildren(root);
    if (root.incident) this.dropIncident(root.incident, root);
    this.closeSubscriptions(root);
    for (const key of Object.keys(this.state.els)) if (key !== root.key) delete this.state.els[key];
    this.state.subs = {};
    if (status === 'completed') this.history('element.left', root.el, root.key);
    else this.history('element.terminated', root.el, root.key);
    root.wait = undefined;
    this.state.status = status;
    const ended: Effect = { type: 'instance.ended', status, variables: { ...(root.vars ?? {}) } };
    if (error) ended.error = error;
    this.emit(ended);
  }
}
