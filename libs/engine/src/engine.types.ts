import type { ProcessModel } from '@tongban/bpmn';
import type { DecisionSet } from '@tongban/dmn';

/**
 * The contract of the pure engine: `(model, state, command, context) → (state, effects)`.
 * Nothing here does I/O, reads a clock or draws a random number; the runtime injects both.
 */

export type Variables = Record<string, unknown>;

/** What the caller injects into every step. */
export interface EngineContext {
  /** The current time, epoch milliseconds. */
  now: number;
  /** Upper bound of element activations in one command before an incident is raised (default 10 000). */
  stepBudget?: number;
  /** Smallest interval allowed for a timer cycle, in ms (default 60 000). */
  minTimerCycleMs?: number;
  /**
   * The latest deployed version of a decision, for business rule tasks; the runtime loads the
   * decisions the model calls before the step. Undefined when no such decision is deployed.
   */
  decisions?: (decisionId: string) => DeployedDecision | undefined;
  /** Most inner instances one multi-instance activity may start (default 1 000); more raise a CARDINALITY_EXCEEDED incident. */
  maxCardinality?: number;
}

/** A deployed decision: the DRG (DMN document) holding it and the version it was deployed as. */
export interface DeployedDecision {
  set: DecisionSet;
  version: number;
}

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

/**
 * Plain, versioned JSON. Persisted as it is after every command and reloaded for the next one;
 * the runtime reads only the fields documented here, everything else is the engine's own.
 */
export interface InstanceState {
  format: 1;
  processId: string;
  status: InstanceStatus;
  /** Next element instance key; keys are decimal strings unique within the instance. */
  nextKey: number;
  /** Open incidents by key (the instance shows `incident` while this is non-empty). */
  incidents: Record<string, IncidentInfo>;
  /** The `tongban:outcome` of the last end event reached that declares one (`approved`, `rejected`, …). */
  outcome?: string;
  /** Engine-internal: element instances, scopes, variables, joins, subscriptions. */
  [internal: string]: unknown;
}

export interface IncidentInfo {
  key: string;
  elementId: string;
  type: IncidentType;
  message: string;
}

/** Why an element stopped with an incident. */
export const INCIDENT_TYPES = [
  'NO_MATCHING_FLOW',
  'FEEL_ERROR',
  'UNHANDLED_ERROR',
  'UNHANDLED_ESCALATION',
  'STEP_BUDGET_EXCEEDED',
  'JOB_RETRIES_EXHAUSTED',
  'CALLED_PROCESS_NOT_FOUND',
  'INVALID_TIMER',
  /** A business rule task calls a decision that is not deployed; resolving (after deploying it) evaluates again. */
  'DECISION_NOT_FOUND',
  /** A decision failed (UNIQUE with two matches, ANY with differing outputs, a failing FEEL cell, a result of the wrong shape). */
  'DECISION_EVALUATION_FAILED',
  /** The instance waits with nothing that could ever wake it (no task, job, call, timer, subscription); resolving checks again. */
  'STALLED',
  /** A call activity would nest called instances deeper than the runtime allows (a recursion through other processes). */
  'CALL_DEPTH_EXCEEDED',
  /** A multi-instance activity asked for more inner instances than the configured limit. */
  'CARDINALITY_EXCEEDED',
] as const;

export type IncidentType = (typeof INCIDENT_TYPES)[number];

// ---------------------------------------------------------------- commands

export type Command =
  /** Create the instance: a none start event, or the given start event (message, timer, signal). */
  | { type: 'start'; variables?: Variables; startEventId?: string; /** started by a call activity */ hasParent?: boolean; /** who started it, for a start event's `initiatorVariable` */ initiator?: string }
  /** A user task (by its wait key) is done. */
  | { type: 'completeTask'; key: string; variables?: Variables }
  /** A service / send / business-rule job is done. */
  | { type: 'completeJob'; key: string; variables?: Variables }
  /** A job or a called child raised a BPMN error: caught by the nearest matching error boundary/event subprocess. */
  | { type: 'throwError'; key: string; errorCode: string; errorMessage?: string; variables?: Variables }
  /** A job's retries are exhausted: the element gets an incident. */
  | { type: 'failJob'; key: string; errorMessage: string }
  /** A timer (by its subscription key) is due. */
  | { type: 'triggerTimer'; key: string }
  /** A message was correlated to a subscription (by its key). */
  | { type: 'correlateMessage'; key: string; variables?: Variables }
  /** A signal reached a subscription (by its key). */
  | { type: 'triggerSignal'; key: string; variables?: Variables }
  /** The child instance of a call activity completed (key = the call activity's wait key). */
  | { type: 'completeCall'; key: string; variables?: Variables }
  /** The called process could not be started (e.g. no such definition): an incident on the call activity; resolving it calls again. */
  | { type: 'failCall'; key: string; errorMessage: string; incidentType?: 'CALLED_PROCESS_NOT_FOUND' | 'CALL_DEPTH_EXCEEDED' }
  /** The child instance of a call activity escalated (non-interrupting or interrupting per the catcher). */
  | { type: 'escalateCall'; key: string; escalationCode: string; variables?: Variables }
  /** An asynchronous continuation (commit point) is taken up by a worker. */
  | { type: 'continue'; key: string }
  /** Variables changed from outside: re-evaluate conditional events. */
  | { type: 'setVariables'; variables: Variables; /** element instance key of the scope; root when absent */ scopeKey?: string }
  /**
   * Resolve an incident: retry the element it stopped at (key = the incident key of `incident.raised`,
   * or the element instance key). Re-evaluates a gateway or expression, re-creates a failed job,
   * re-applies output mappings, or continues past an exceeded step budget with a fresh budget.
   */
  | { type: 'resolveIncident'; key: string }
  /** Cancel the whole instance: every wait withdrawn, status `cancelled`. */
  | { type: 'cancel' }
  /** Trigger the plain wait state at an element (a receive task without a message), as Camunda 7's `signal`. */
  | { type: 'triggerElement'; elementId: string; variables?: Variables }
  /**
   * Process instance modification, as Camunda 8's `ModifyProcessInstance`: the instructions are applied
   * in order, all or none (any refused instruction throws and the state is unchanged). Scopes that the
   * cancellations leave empty end after the last instruction (see `ModificationInstruction`).
   */
  | { type: 'modify'; instructions: ModificationInstruction[] }
  /** One `activateBefore` instruction (Camunda's `startBeforeActivity`). */
  | { type: 'startBefore'; elementId: string; variables?: Variables; ancestorKey?: string }
  /** One `cancel` instruction: terminate the element instance with this key. */
  | { type: 'cancelElementInstance'; key: string }
  /** One `cancelAll` instruction: terminate every instance of the element. */
  | { type: 'cancelElement'; elementId: string }
  /** One `addInstances` instruction (加签): more inner instances for an active multi-instance body. */
  | { type: 'addMultiInstances'; key: string; elements?: unknown[]; count?: number }
  /** One `removeInstance` instruction (减签): cancel one open inner instance of a multi-instance body. */
  | { type: 'removeMultiInstance'; key: string };

/**
 * One step of a process instance modification.
 * - `activateBefore`: a token at the element, activated as if a flow had entered it (tasks, jobs,
 *   timers, boundary subscriptions); enclosing embedded subprocesses that have no instance are created
 *   on the way (their inputs, boundary events and event subprocesses subscribed, no start event run).
 *   `variables` are set locally in the scope instance the element is created in; `ancestorKey` names
 *   the scope instance when an enclosing subprocess has several. Refused: an element not in the
 *   process, a start event of the process or of an event subprocess, a boundary event, an event
 *   subprocess, a compensation handler, an element inside a multi-instance subprocess (use
 *   `addInstances`), an element inside an event subprocess that has no active instance.
 * - `cancel` (an element instance key) / `cancelAll` (an element id): terminated as an interruption
 *   would (tasks and jobs cancelled, calls cancelled, timers and subscriptions removed). An inner
 *   instance of a multi-instance body is removed as by `removeInstance`.
 * - `addInstances` (a body's element instance key): `elements` are appended to the input collection
 *   (or `count` instances added to a loop-cardinality body); parallel bodies start them at once,
 *   sequential ones after the instances before them.
 * - `removeInstance` (an inner instance key): cancelled, not completed; `numberOfInstances` drops and
 *   the completion condition is evaluated again.
 * - `resetJoins` (a scope instance key: the process instance or a subprocess instance): the tokens
 *   waiting at its parallel and inclusive joins are dropped, as when the case restarts before their
 *   fork (退回 across a join).
 */
export type ModificationInstruction =
  | { activateBefore: string; variables?: Variables; ancestorKey?: string }
  | { cancel: string }
  | { cancelAll: string }
  | { addInstances: string; elements?: unknown[]; count?: number }
  | { removeInstance: string }
  | { resetJoins: string };

/** An earlier user task a case can be returned (退回) to. */
export interface ReturnTarget {
  elementId: string;
  name?: string;
}

/** Options of `EngineApi.returnTargets`. */
export interface ReturnTargetOptions {
  /** Also look behind a parallel or inclusive join, into its branches and before its fork. */
  allowAcrossJoin?: boolean;
}

// ---------------------------------------------------------------- effects

/**
 * What the runtime must do after it has persisted the new state, in the same transaction
 * (rows) or through the outbox (queues, other instances). Effects are listed in the order
 * they happened. `key` is the element instance key the effect belongs to.
 */
export type Effect =
  | {
    type: 'task.created'; key: string; elementId: string; name?: string; department?: string; candidateGroups?: string[]; assignee?: string; variables?: Variables; /** the form the clerk fills */ formKey?: string;
    /** The task's clock as the model declares it: `zeebe:taskSchedule` instants (ISO 8601) and `tongban:` time limit and item. */
    schedule?: { dueDate?: string; followUpDate?: string; timeLimitDays?: number; timeLimitHours?: number; timeLimitUnit?: 'working' | 'calendar'; item?: string };
  }
  | { type: 'task.cancelled'; key: string; elementId: string }
  | { type: 'job.created'; key: string; elementId: string; jobType: string; retries: number; variables: Variables; /** static task headers for the worker */ headers?: Record<string, string> }
  | { type: 'job.cancelled'; key: string; elementId: string }
  /** `key` is the subscription key `triggerTimer` takes; a cycle re-emits it with the next `dueAt`. */
  | { type: 'timer.scheduled'; key: string; elementId: string; dueAt: number; /** cycle: repetitions left after this one (-1 = unbounded) */ repetitionsLeft?: number }
  | { type: 'timer.cancelled'; key: string; elementId: string }
  | { type: 'message.subscribed'; key: string; elementId: string; messageName: string; correlationKey?: string }
  | { type: 'message.unsubscribed'; key: string; elementId: string }
  | { type: 'signal.subscribed'; key: string; elementId: string; signalName: string }
  | { type: 'signal.unsubscribed'; key: string; elementId: string }
  | { type: 'message.thrown'; elementId: string; messageName: string; correlationKey?: string; variables: Variables }
  | { type: 'signal.thrown'; elementId: string; signalName: string; variables: Variables }
  | { type: 'call.started'; key: string; elementId: string; processId: string; version?: number; variables: Variables }
  | { type: 'call.cancelled'; key: string; elementId: string }
  | { type: 'continuation'; key: string; elementId: string }
  /** `key` is the incident key (the key of `state.incidents`), not the element instance key. */
  | { type: 'incident.raised'; key: string; elementId: string; incidentType: IncidentType; message: string }
  | { type: 'incident.resolved'; key: string; elementId: string }
  | { type: 'history'; event: HistoryEventType; elementId: string; key?: string; data?: Variables }
  /** The instance ended. A child instance reports its result variables, an uncaught error or an escalation to its parent. */
  | { type: 'instance.ended'; status: InstanceStatus; variables: Variables; error?: { code: string; message?: string } }
  | { type: 'escalation.propagated'; code: string; variables: Variables };

export type HistoryEventType =
  | 'element.entered'
  | 'element.left'
  | 'element.terminated'
  | 'flow.taken'
  | 'variables.updated'
  | 'error.thrown'
  | 'escalation.thrown'
  | 'compensation.started'
  /** A modification instruction was applied; `data.instruction` holds it. */
  | 'instance.modified'
  /** A business rule task evaluated a decision; `data` holds its id, version, inputs, matched rules and outputs. */
  | 'decision.evaluated'
  /** The instance moved to another process model; `data` holds the process ids and the element instances that changed element. */
  | 'instance.migrated';

export interface EngineResult {
  state: InstanceState;
  effects: Effect[];
}

/** An instance migration's instruction: element instances of `source` (an element id of the running model) move to `target`. */
export interface MigrationMapping {
  source: string;
  target: string;
}

/** An element instance (or a catch event's subscription) whose element id changed in a migration; the key is kept. */
export interface MovedElement {
  key: string;
  from: string;
  to: string;
  /** Set for a subscription key (a boundary, event subprocess start or event-gateway target) rather than an element instance key. */
  subscription?: 'timer' | 'message' | 'signal' | 'conditional';
}

export interface MigrationResult extends EngineResult {
  /** What changed element: the runtime renames the rows (tasks, jobs, timers, subscriptions) of these keys. */
  moved: MovedElement[];
}

/** The engine's public face; implemented in `engine.ts`. */
export interface EngineApi {
  /** Starts an instance of the model; runs to its first wait states. */
  start(model: ProcessModel, command: Extract<Command, { type: 'start' }>, ctx: EngineContext): EngineResult;
  /** Applies one command to an existing instance; runs to the next wait states. */
  execute(model: ProcessModel, state: InstanceState, command: Command, ctx: EngineContext): EngineResult;
  /**
   * Moves a running instance of `source` onto `target` (instance migration): element instances keep
   * their keys; mappings name counterparts, same ids map by default. All or nothing: a refusal throws
   * MIGRATION_REFUSED naming every reason.
   */
  migrate(source: ProcessModel, target: ProcessModel, state: InstanceState, mappings: MigrationMapping[], ctx: EngineContext): MigrationResult;
  /** Ids of the elements that currently hold a token or wait (activities, events, gateways). */
  activeElementIds(state: InstanceState): string[];
  /** The variables of the instance's root scope. */
  rootVariables(state: InstanceState): Variables;
  /**
   * The user tasks a case waiting at the element instance `key` can be returned to: those completed in
   * this instance, in the same scope, on a path from the scope's start (or the fork of the branch the
   * element is in) to the element; nearest first. A join is not crossed unless `allowAcrossJoin`.
   */
  returnTargets(model: ProcessModel, state: InstanceState, key: string, options?: ReturnTargetOptions): ReturnTarget[];
}
