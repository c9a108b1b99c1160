/**
 * The executable process model: what `libs/bpmn` compiles a BPMN document into once, at deploy
 * time, and what `libs/engine` runs. Plain JSON (stored in PostgreSQL beside the XML), no moddle
 * objects, no functions. Expressions stay as FEEL source text; the engine evaluates them.
 */

export const PROCESS_MODEL_FORMAT = 1;

/** The result of compiling one BPMN document. */
export interface CompiledDefinitions {
  /**
   * Executable processes: those marked isExecutable="true". A document without one (a descriptive
   * model) compiles to none, with a note, and still deploys as a resource.
   */
  processes: ProcessModel[];
  /** Message names referenced by the document (for message start events and correlation). */
  messages: Record<string, MessageDef>;
  /** Non-fatal notes (e.g. a non-executable process skipped). Never parse warnings: those refuse. */
  notes: string[];
  /**
   * What looks wrong but changes nothing that runs (diagram interchange drawing elements the
   * model does not have); the deploy response lists them.
   */
  warnings: string[];
}

export interface MessageDef {
  id: string;
  name: string;
}

export interface ProcessModel {
  format: typeof PROCESS_MODEL_FORMAT;
  /** The BPMN process id: the process key that instances are started by. */
  id: string;
  name?: string;
  /** Every flow node of the process, also those nested in subprocesses, by id. */
  elements: Record<string, ElementDef>;
  /** Every sequence flow, by id. */
  flows: Record<string, FlowDef>;
  /**
   * Scopes by id: the process itself under `id` of the process, and each (event) subprocess.
   * A scope lists its direct children, its start events and the event subprocesses it contains.
   */
  scopes: Record<string, ScopeDef>;
  /** `tongban:` attributes of the process itself (the bundle's item, fields, time limit). */
  tongban?: TongbanExtension;
  /**
   * The execution semantics the model was written for, from the namespaces its document declares:
   * `camunda7` (the Camunda 7 namespace), `camunda8` (the zeebe namespace, also when both are declared),
   * `bpmn` (neither). Where the dialects differ (a multi-instance `loopCounter` counts from 0 in
   * Camunda 7, from 1 in Camunda 8 and Tongban) the model runs as its dialect. Absent = `bpmn`.
   */
  dialect?: ProcessDialect;
}

/** Which engine's semantics a process model follows where engines differ. */
export type ProcessDialect = 'camunda7' | 'camunda8' | 'bpmn';

export interface ScopeDef {
  id: string;
  /** The enclosing scope id; undefined for the process scope. */
  parent?: string;
  /** Ids of the flow nodes directly inside this scope (not deeper). */
  children: string[];
  /** The none start event instantiated when the scope is entered (at most one is executable). */
  noneStart?: string;
  /** Start events with an event definition (message, timer, signal, conditional) of this scope. */
  eventStarts: string[];
  /** Event subprocesses directly inside this scope. */
  eventSubprocesses: string[];
}

export type ElementType =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task'
  | 'userTask'
  | 'serviceTask'
  | 'sendTask'
  | 'receiveTask'
  | 'manualTask'
  | 'businessRuleTask'
  | 'scriptTask'
  | 'subProcess'
  | 'callActivity'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway';

export type EventKind =
  | 'none'
  | 'message'
  | 'timer'
  | 'signal'
  | 'error'
  | 'escalation'
  | 'conditional'
  | 'link'
  | 'terminate'
  | 'compensate';

export interface TimerDef {
  type: 'duration' | 'date' | 'cycle';
  /** ISO 8601 text, or a FEEL expression when it starts with `=`. */
  expression: string;
}

export interface EventDef {
  kind: EventKind;
  /** message: the message name (may be a FEEL expression starting with `=`). */
  messageName?: string;
  /** message catch: FEEL expression giving the correlation key. */
  correlationKey?: string;
  timer?: TimerDef;
  signalName?: string;
  /** error / escalation: the code; undefined on a catch event means "catch all". */
  code?: string;
  /** conditional: the FEEL condition. */
  conditionExpression?: string;
  /** error catch: the variables that receive the caught error's code and message (Camunda 7 `camunda:errorCodeVariable` / `errorMessageVariable`). */
  errorCodeVariable?: string;
  errorMessageVariable?: string;
  /** link: the link name pairing throw and catch. */
  linkName?: string;
  /** compensate throw: the activity to compensate; undefined = the whole scope. */
  activityRef?: string;
  /** compensate throw: wait for the handlers to finish (BPMN default true). */
  waitForCompletion?: boolean;
}

/** A FEEL mapping `target := source`. */
export interface MappingDef {
  source: string;
  target: string;
}

export interface MultiInstanceDef {
  sequential: boolean;
  /** FEEL expression yielding a list. */
  inputCollection?: string;
  /** Variable name each instance receives its element in. */
  inputElement?: string;
  /** Variable name of the collected output list (set in the activity's parent scope). */
  outputCollection?: string;
  /** FEEL expression evaluated in each instance when it completes; its value is collected. */
  outputElement?: string;
  /** FEEL expression; true ends the whole multi-instance activity early. */
  completionCondition?: string;
  /** FEEL expression yielding the number of instances (when there is no input collection). */
  loopCardinality?: string;
}

export interface FlowDef {
  id: string;
  name?: string;
  source: string;
  target: string;
  /** FEEL source text without the leading `=` or `${…}`; undefined = unconditional. */
  condition?: string;
}

export interface TongbanExtension {
  /** Service item code this step handles (bundles). */
  item?: string;
  /** Form field keys this step may see. */
  fields?: string[];
  /** Certificate types this step needs / issues. */
  certificatesIn?: string[];
  certificatesOut?: string[];
  /** Time limit, e.g. `5` working days. */
  timeLimitDays?: number;
  timeLimitUnit?: 'working' | 'calendar';
  /** `tongban:timeLimitHours`: the step's limit in hours (working hours, or wall-clock hours with `timeLimitUnit` "calendar"). */
  timeLimitHours?: number;
  /**
   * User tasks: the decisions a completion may give (`tongban:decisions="approve,reject,return-visit"`);
   * `approve` and `reject` when not declared.
   */
  decisions?: string[];
  /** User tasks: the process variable a completion's decision is written to (`decision` when not declared). */
  decisionVariable?: string;
  /** End events: what a case ending here comes to (`approved`, `rejected`, …); the instance records it. */
  outcome?: string;
  /**
   * User tasks: 退回 may cross a parallel or inclusive join to before its fork (`tongban:returnAcrossJoin="true"`)
   * from this task, or to this task as the target; the other branches are then cancelled.
   */
  returnAcrossJoin?: boolean;
}

/** The decisions a user task accepts when it declares none. */
export const DEFAULT_DECISIONS = ['approve', 'reject'];

/** The variable a user task's decision is written to when it declares none. */
export const DEFAULT_DECISION_VARIABLE = 'decision';

export interface ElementDef {
  id: string;
  type: ElementType;
  name?: string;
  /** User tasks whose Camunda 7 name holds `${…}` (`Review ${order}`): `=` and the FEEL text the task's name is evaluated from. */
  nameExpression?: string;
  /** The id of the scope the element lives in (the process id, or a subprocess id). */
  scope: string;
  incoming: string[];
  outgoing: string[];
  /** Gateways and activities: the default flow id. */
  defaultFlow?: string;

  /**
   * Events: the single event definition (none when absent). Multiple definitions are refused.
   * Receive tasks: the message they wait for (kind `message`); none for a plain wait state
   * (Camunda 7's receive task without a message), left by the engine's `triggerElement` command.
   */
  event?: EventDef;
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  attachedTo?: string;
  /** Boundary events: cancelActivity; event-subprocess start events: isInterrupting. */
  interrupting?: boolean;
  /** Activities: ids of boundary events attached to this activity. */
  boundaryEvents?: string[];
  /** Activity is a compensation handler (isForCompensation). */
  isForCompensation?: boolean;
  /** Activities: the compensation handler associated via a compensation boundary event. */
  compensationHandler?: string;

  /** User tasks: the department (tongban:department, else candidate groups). */
  department?: string;
  candidateGroups?: string[];
  assignee?: string;
  /**
   * User tasks: `zeebe:taskSchedule` / `camunda:dueDate`, `camunda:followUpDate` — an ISO 8601
   * date-time, or `=` and the FEEL text giving one when the task is created.
   */
  taskSchedule?: { dueDate?: string; followUpDate?: string };
  /**
   * Service / send / script / business-rule tasks and message throw events: the job type
   * (zeebe:taskDefinition@type, tongban:taskType, Camunda 7 external-task topic).
   */
  jobType?: string;
  jobRetries?: number;
  /** Service-like tasks: static headers handed to the worker with each job (zeebe:taskHeaders). */
  jobHeaders?: Record<string, string>;
  /** User tasks: the form the clerk fills (camunda:formKey, zeebe:formDefinition formKey / formId). */
  formKey?: string;
  /** User tasks: the id of the stored form (`/api/v1/forms`) the task links, when it links one. */
  formId?: string;
  /** Script / business-rule tasks: a FEEL expression and the variable it is stored in. */
  script?: { expression: string; resultVariable?: string };
  /** Business rule tasks: the DMN decision evaluated and where its result goes. */
  calledDecision?: CalledDecisionDef;
  /** Call activities. */
  calledElement?: { processId: string; version?: number; propagateAllChildVariables?: boolean; propagateAllParentVariables?: boolean };
  /** Input / output mappings (FEEL). */
  inputs?: MappingDef[];
  outputs?: MappingDef[];
  multiInstance?: MultiInstanceDef;
  /** Commit points (camunda:asyncBefore / asyncAfter): the engine yields a continuation. */
  asyncBefore?: boolean;
  asyncAfter?: boolean;
  /** Subprocess with triggeredByEvent="true". */
  triggeredByEvent?: boolean;
  /** Start events: the variable that receives the user who started the instance (Camunda 7 `camunda:initiator`). */
  initiatorVariable?: string;
  tongban?: TongbanExtension;
}

/** Camunda 7's mappings of a decision result onto the result variable (camunda:mapDecisionResult). */
export type DecisionResultMapping = 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList';

/** The decision a business rule task evaluates (its latest deployed version). */
export interface CalledDecisionDef {
  decisionId: string;
  /** Camunda 8: always set, receives the decision's result; Camunda 7: optional, receives the mapped result. */
  resultVariable?: string;
  /** Camunda 7 only (default resultList). */
  mapResult?: DecisionResultMapping;
  dialect: 'zeebe' | 'camunda';
}
