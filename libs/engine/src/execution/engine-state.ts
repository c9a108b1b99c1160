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

/** One token-holding element instance. */
export interface ElementInstance {
  key: string;
  /** The element id (the process id for the root instance). */
  el: string;
  /** Key of the enclosing element instance (scope or multi-instance body). */
  parent?: string;
  wait?: WaitKind;
  /** Local variables: set when the instance is a variable scope. */
  vars?: Variables;
  /** Keys of the subscriptions this instance owns (boundary events, event subprocess starts). */
  subs?: string[];
  /** Parallel / inclusive join arrivals on a scope instance: gateway id → flow id → tokens. */
  joins?: Record<string, Record<string, number>>;
  /** asyncBefore / asyncAfter: which commit point the instance waits at or has passed. */
  cont?: 'before' | 'after' | 'resumed' | 'done';
  /** Open incident on this instance. */
  incident?: string;
  /** Inner instance of a multi-instance body. */
  inner?: boolean;
  /** Multi-instance body bookkeeping. */
  multi?: { items?: unknown[]; total: number; next: number };
  /** Variables the instance was triggered with (events caught through an event-based gateway or link). */
  trigger?: Variables;
  /** A compensation handler run for the compensation throw with this key. */
  compensating?: string;
  /** Completed activities of this scope that have compensation handlers, in completion order. */
  compensable?: CompensableRecord[];
  /** Compensation throw: handlers still to run, in order. */
  pendingHandlers?: CompensableRecord[];
  /** Flows to take once an asyncAfter continuation is taken up. */
  pendingFlows?: string[];
  /** Completion variables kept while an incident on the outputs is open. */
  pendingVars?: Variables;
  /** An event subprocess instance that interrupted its scope. */
  interrupting?: boolean;
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
  action: 'activate' | 'job' | 'complete' | 'multi';
}

/** A completed activity that can be compensated, and the handler that does it. */
export interface CompensableRecord {
  el: string;
  /** A compensation handler activity, or a compensation event subprocess of a completed subprocess. */
  handler: string;
  /** Local variables of the completed subprocess, for its compensation event subprocess. */
  vars?: Record<string, unknown>;
}
