import type { ProcessModel } from '@tongban/bpmn';
import { createJob } from './activities/service-task.behavior';
import { triggerWaitingElement } from './activities/wait-trigger.command';
import { resumeBody } from './activities/multi-instance.behavior';
import { enterScope } from './activities/sub-process.behavior';
import { EngineError } from './engine.errors';
import type { Command, EngineApi, EngineContext, EngineResult, InstanceState, Variables } from './engine.types';
import { triggerSubscription } from './events/event-trigger';
import { throwBpmnError, throwEscalation } from './events/throw-propagation';
import type { ElementInstance, EngineState, Subscription, WaitKind } from './execution/engine-state';
import { Run } from './execution/run';
import { copyJson } from './execution/state-copy';
import { runHooks } from './execution/run-hooks';
import { checkForStall } from './execution/stall-check';
import { migrateInstance } from './migration/migrate-instance';
import { modifyInstance } from './modification/modify-instance';
import { returnTargets } from './modification/return-targets';
import { plainVariables } from './variables/variable-scopes';

type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

/** The pure token engine: `(model, state, command, ctx) → (state, effects)`, deterministic and I/O-free. */
export const engine: EngineApi = {
  start(model, command, ctx) {
    const state: EngineState = {
      format: 1, processId: model.id, status: 'active', nextKey: 1, incidents: {},
      rootKey: '', els: {}, subs: {}, retries: {},
    };
    if (command.hasParent) state.hasParent = true;
    const startId = startEventOf(model, command.startEventId);
    const run = new Run(model, state, ctx, runHooks);
    const root: ElementInstance = { key: run.newKey(), el: model.id, vars: plainVariables(command.variables) };
    const initiatorVariable = startId ? model.elements[startId]?.initiatorVariable : undefined;
    if (initiatorVariable && command.initiator !== undefined) root.vars = { ...root.vars, [initiatorVariable]: command.initiator };
    state.rootKey = root.key;
    state.els[root.key] = root;
    run.history('element.entered', model.id, root.key);
    enterScope(run, root, startId);
    run.drain();
    checkForStall(run);
    return { state, effects: run.effects };
  },

  execute(model, state, command, ctx) {
    const working = loadState(state);
    if (working.status !== 'active') throw new EngineError('INSTANCE_NOT_ACTIVE', `instance of ${working.processId} is ${working.status}`);
    const run = new Run(model, working, ctx, runHooks);
    apply(run, command);
    run.drain();
    checkForStall(run);
    return { state: working, effects: run.effects };
  },

  migrate(source, target, state, mappings, ctx) {
    const working = loadState(state);
    if (working.processId !== source.id) throw new EngineError('MIGRATION_REFUSED', `the instance runs ${working.processId}, not ${source.id}`);
    return migrateInstance(source, target, working, mappings, ctx);
  },

  activeElementIds(state) {
    const s = state as EngineState;
    const ids = new Set<string>();
    for (const ei of Object.values(s.els ?? {})) {
      if (ei.key !== s.rootKey) ids.add(ei.el);
      for (const gateway of Object.keys(ei.joins ?? {})) ids.add(gateway);
    }
    return [...ids];
  },

  rootVariables(state) {
    const s = state as EngineState;
    return { ...(s.els?.[s.rootKey]?.vars ?? {}) };
  },

  returnTargets(model, state, key, options) {
    return returnTargets(model, state as EngineState, key, options);
  },
};

function startEventOf(model: ProcessModel, startEventId: string | undefined): string | undefined {
  const scope = model.scopes[model.id];
  if (startEventId === undefined) {
    if (scope?.noneStart) return scope.noneStart;
    throw new EngineError('NO_START_EVENT', `process ${model.id} has no none start event`);
  }
  const el = model.elements[startEventId];
  if (!el || el.type !== 'startEvent' || el.scope !== model.id) {
    throw new EngineError('NO_START_EVENT', `process ${model.id} has no start event ${startEventId}`);
  }
  return el.id;
}

function loadState(state: InstanceState): EngineState {
  if (state?.format !== 1 || typeof state.rootKey !== 'string' || typeof state.els !== 'object') {
    throw new EngineError('STATE_FORMAT', 'the instance state was not written by this engine format');
  }
  return copyJson(state) as EngineState;
}

/** Applies one command to the working copy; the caller drains the agenda afterwards. */
function apply(run: Run, command: Command): void {
  switch (command.type) {
    case 'start':
      throw new EngineError('WAIT_KIND_MISMATCH', 'start creates an instance; use engine.start');
    case 'completeTask':
      return run.hooks.waitEnded(run, waitOf(run, command.key, ['task']), plainVariablesOrNone(command.variables));
    case 'completeJob':
      return run.hooks.waitEnded(run, waitOf(run, command.key, ['job']), plainVariablesOrNone(command.variables));
    case 'throwError':
      return throwFromWait(run, command);
    case 'failJob': {
      const ei = waitOf(run, command.key, ['job']);
      return run.raiseIncident(ei, 'JOB_RETRIES_EXHAUSTED', command.errorMessage, 'job');
    }
    case 'triggerTimer':
      return triggerSubscription(run, subscriptionOf(run, command.key, 'timer'), {});
    case 'correlateMessage':
      return triggerSubscription(run, subscriptionOf(run, command.key, 'message'), plainVariables(command.variables));
    case 'triggerSignal':
      return triggerSubscription(run, subscriptionOf(run, command.key, 'signal'), plainVariables(command.variables));
    case 'completeCall':
      return run.hooks.waitEnded(run, waitOf(run, command.key, ['call']), plainVariables(command.variables));
    case 'failCall':
      return run.raiseIncident(waitOf(run, command.key, ['call']), command.incidentType ?? 'CALLED_PROCESS_NOT_FOUND', command.errorMessage, 'activate');
    case 'escalateCall': {
      const ei = waitOf(run, command.key, ['call']);
      return throwEscalation(run, ei, command.escalationCode, plainVariables(command.variables));
    }
    case 'continue':
      return continueAt(run, waitOf(run, command.key, ['continuation']));
    case 'setVariables': {
      const key = command.scopeKey ?? run.state.rootKey;
      if (!run.state.els[key]) throw new EngineError('WAIT_NOT_FOUND', `no scope with key ${key}`);
      run.setLocal(key, plainVariables(command.variables));
      run.varsChanged = true;
      return;
    }
    case 'resolveIncident':
      return resolveIncident(run, command.key);
    case 'cancel':
      return run.finish('cancelled');
    case 'triggerElement':
      return triggerWaitingElement(run, command.elementId, command.variables);
    case 'modify':
      return modifyInstance(run, command.instructions);
    case 'startBefore':
      return modifyInstance(run, [{ activateBefore: command.elementId, variables: command.variables, ancestorKey: command.ancestorKey }]);
    case 'cancelElementInstance':
      return modifyInstance(run, [{ cancel: command.key }]);
    case 'cancelElement':
      return modifyInstance(run, [{ cancelAll: command.elementId }]);
    case 'addMultiInstances':
      return modifyInstance(run, [{ addInstances: command.key, elements: command.elements, count: command.count }]);
    case 'removeMultiInstance':
      return modifyInstance(run, [{ removeInstance: command.key }]);
  }
}

function waitOf(run: Run, key: string, kinds: WaitKind[]): ElementInstance {
  const ei = run.state.els[key];
  if (!ei || ei.key === run.state.rootKey) throw new EngineError('WAIT_NOT_FOUND', `no wait state with key ${key}`);
  if (!ei.wait || !kinds.includes(ei.wait)) {
    throw new EngineError('WAIT_KIND_MISMATCH', `key ${key} (${ei.el}) is ${ei.wait ?? 'not waiting'}, not ${kinds.join(' / ')}`);
  }
  return ei;
}

function subscriptionOf(run: Run, key: string, kind: Subscription['kind']): Subscription {
  const sub = run.state.subs[key];
  if (!sub) {
    if (run.state.els[key]) throw new EngineError('WAIT_KIND_MISMATCH', `key ${key} is not a ${kind} subscription`);
    throw new EngineError('WAIT_NOT_FOUND', `no subscription with key ${key}`);
  }
  if (sub.kind !== kind) throw new EngineError('WAIT_KIND_MISMATCH', `key ${key} is a ${sub.kind} subscription, not ${kind}`);
  return sub;
}

function plainVariablesOrNone(variables: Variables | undefined): Variables | undefined {
  return variables ? plainVariables(variables) : undefined;
}

function throwFromWait(run: Run, command: CommandOf<'throwError'>): void {
  const ei = waitOf(run, command.key, ['job', 'call']);
  const kind = ei.wait;
  delete ei.wait;
  if (!throwBpmnError(run, ei, command.errorCode, command.errorMessage, plainVariables(command.variables))) {
    const message = `error '${command.errorCode}'${command.errorMessage ? ` (${command.errorMessage})` : ''} from ${ei.el} is not caught`;
    run.raiseIncident(ei, 'UNHANDLED_ERROR', message, kind === 'job' ? 'job' : 'activate');
  }
}

function continueAt(run: Run, ei: ElementInstance): void {
  if (ei.cont === 'before') {
    ei.cont = 'resumed';
    run.schedule(ei);
    return;
  }
  ei.cont = 'done';
  delete ei.wait;
  const flows = ei.pendingFlows ?? [];
  delete ei.pendingFlows;
  run.leave(ei, flows);
}

function resolveIncident(run: Run, key: string): void {
  const incidentKey = run.state.incidents[key] ? key : run.state.els[key]?.incident;
  const retry = incidentKey ? run.state.retries[incidentKey] : undefined;
  const ei = retry ? run.state.els[retry.ei] : undefined;
  if (!incidentKey || !retry || !ei) throw new EngineError('WAIT_NOT_FOUND', `no open incident with key ${key}`);
  run.dropIncident(incidentKey, ei);
  if (retry.action === 'check') return;
  delete ei.wait;
  if (retry.action === 'job') createJob(run, ei, run.element(ei.el));
  else if (retry.action === 'multi') resumeBody(run, ei);
  else if (retry.action === 'complete') run.complete(ei);
  else if (ei.key === run.state.rootKey) enterScope(run, ei, startEventOf(run.model, undefined));
  else run.schedule(ei);
}
