import type { InstanceState, Variables } from '../engine.types';

/** The engine's own view of the persisted instance state: element instances, subscriptions and incidents. */
export interface EngineState extends InstanceState {
  /** Started by a call activity: an uncaught error ends the instance instead of raising an incident. */
  hasParent?: boolean;
  /** Key of the element instance of the process itself (the root variable scope). */
  rootKey: string;
  /** Live element instances by key (the process, subprocesses, activities, events, gateways). */
  els: Record<string, ElementInstance>;
  /** Open event subscriptions (timers, messages, signals, conditions) by key. */
  subs: Record<string, Subscription>;
  /** What resolving each open incident retries. */
  retries: Record<string, IncidentRetry>;
}

/** What an element instance is waiting for. */
export type WaitKind =
  | 'task' | 'job' | 'call' | 'catch' | 'scope' | 'multi' | 'gateway'
  | 'continuation' | 'incident' | 'compensation'
  /** a plain wait state (receive task without a message) left by a trigger command */
  | 'trigger';

/**
 * One token-holding element instance: the fields every instance has, plus those of its kind. The kinds
 * are documented apart so a reader sees which field belongs to what; the stored JSON is flat and keeps
 * only the fields that are set (a waiting user task is `{key, el, parent, wait}`).
 */
export interface ElementInstance
  extends TokenFields, ScopeFields, MultiInstanceFields, ContinuationFields, CompensationFields {}

/** Every element instance. */
export interface TokenFields {
  key: string;
  /** The element id (the process id for the root instance). */
  el: string;
  /** Key of the enclosing element instance (scope or multi-instance body). */
  parent?: string;
  wait?: WaitKind;
  /** Local variables: set when the instance is a variable scope (inputs, a subprocess, an inner instance). */
  vars?: Variables;
  /** Keys of the subscriptions this instance owns (boundary events, event subprocess starts, event-gateway targets). */
  subs?: string[];
  /** Open incident on this instance. */
  incident?: string;
  /** Variables the instance was triggered with (events caught through an event-based gateway, a link or a boundary). */
  trigger?: Variables;
  /** Completion variables kept while an incident on the outputs is open. */
  pendingVars?: Variables;
}

/** Scope instances: the process, a subprocess, an event subprocess. */
export interface ScopeFields {
  /** Parallel / inclusive join arrivals: gateway id → flow id → tokens. */
  joins?: Record<string, Record<string, number>>;
  /** An event subprocess instance that interrupted its scope. */
  interrupting?: boolean;
  /** Ids of the user tasks completed in this scope instance, in first-completion order (return targets, 退回). */
  doneTasks?: string[];
}

/** Multi-instance bodies and their inner instances. */
export interface MultiInstanceFields {
  /** Inner instance of a multi-instance body. */
  inner?: boolean;
  /**
   * Body bookkeeping: the input collection, how many instances (index slots), the next to start, and
   * the indexes of inner instances removed by a modification (减签: not counted, not collected).
   */
  multi?: { items?: unknown[]; total: number; next: number; removed?: number[] };
}

/** Instances with an asynchronous continuation (asyncBefore / asyncAfter). */
export interface ContinuationFields {
  /** Which commit point the instance waits at or has passed. */
  cont?: 'before' | 'after' | 'resumed' | 'done';
  /** Flows to take once an asyncAfter continuation is taken up. */
  pendingFlows?: string[];
}

/** Compensation: scopes remember what completed, throws wait for handlers, handlers know their throw. */
export interface CompensationFields {
  /** A compensation handler run for the compensation throw with this key. */
  compensating?: string;
  /** Scopes (and multi-instance bodies): completed activities that can be compensated, in completion order. */
  compensable?: CompensableRecord[];
  /** A compensation throw: handlers still to run, in order. */
  pendingHandlers?: CompensableRecord[];
}

/** A subscription to a timer, message, signal or condition. */
export interface Subscription {
  key: string;
  /** The event element id (boundary event, catch event, event subprocess start, event-gateway target). */
  el: string;
  /** The element instance that owns it. */
  owner: string;
  kind: 'timer' | 'message' | 'signal' | 'conditional';
  dueAt?: number;
  intervalMs?: number;
  repetitionsLeft?: number;
}

/** What resolving an incident does. */
export interface IncidentRetry {
  ei: string;
  action: 'activate' | 'job' | 'complete' | 'multi' | 'check';
}

/** A completed activity that can be compensated, and the handler that does it. */
export interface CompensableRecord {
  el: string;
  /** A compensation handler activity, or a compensation event subprocess of a completed subprocess. */
  handler: string;
  /**
   * Local variables the handler runs with: those of the completed subprocess for its compensation
   * event subprocess, those of the completed inner instance of a multi-instance activity (loopCounter,
   * the input element) for its handler.
   */
  vars?: Record<string, unknown>;
  /** A compensation event subprocess: the compensable activities of its subprocess, for a throw inside it. */
  inner?: CompensableRecord[];
  /** The completed subprocesses (innermost first) the activity was inside, so compensating one reaches it. */
  in?: string[];
}
