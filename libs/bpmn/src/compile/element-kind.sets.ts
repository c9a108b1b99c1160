/** The BPMN flow-node types libs/engine runs, grouped by kind (local names, as in ElementType). */
export const EVENT_TYPES = new Set<string>(['startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent']);

export const ACTIVITY_TYPES = new Set<string>([
  'task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'manualTask', 'businessRuleTask', 'scriptTask', 'subProcess', 'callActivity',
]);

export const GATEWAY_TYPES = new Set<string>(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway']);

/** Tasks whose work is done by a job worker (unless a FEEL script does it). */
export const JOB_TYPES = new Set<string>(['serviceTask', 'sendTask', 'businessRuleTask', 'scriptTask']);
