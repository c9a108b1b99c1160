import type { ElementDef, ElementType } from '@tongban/bpmn';
import { businessRuleTaskBehavior } from '../activities/business-rule-task.behavior';
import { callActivityBehavior } from '../activities/call-activity.behavior';
import { passThroughTaskBehavior } from '../activities/pass-through-task.behavior';
import { receiveTaskBehavior } from '../activities/receive-task.behavior';
import { scriptTaskBehavior } from '../activities/script-task.behavior';
import { serviceTaskBehavior } from '../activities/service-task.behavior';
import { subProcessBehavior } from '../activities/sub-process.behavior';
import { userTaskBehavior } from '../activities/user-task.behavior';
import { boundaryEventBehavior } from '../events/boundary-event.behavior';
import { endEventBehavior } from '../events/end-event.behavior';
import { intermediateCatchEventBehavior } from '../events/intermediate-catch-event.behavior';
import { intermediateThrowEventBehavior } from '../events/intermediate-throw-event.behavior';
import { startEventBehavior } from '../events/start-event.behavior';
import { eventBasedGatewayBehavior } from '../gateways/event-based-gateway.behavior';
import { exclusiveGatewayBehavior } from '../gateways/exclusive-gateway.behavior';
import { inclusiveGatewayBehavior } from '../gateways/inclusive-gateway.behavior';
import { parallelGatewayBehavior } from '../gateways/parallel-gateway.behavior';
import type { ElementBehavior } from './element-behavior';

/** Which behaviour runs each element type. */
const BEHAVIORS: Record<ElementType, ElementBehavior> = {
  startEvent: startEventBehavior,
  endEvent: endEventBehavior,
  intermediateCatchEvent: intermediateCatchEventBehavior,
  intermediateThrowEvent: intermediateThrowEventBehavior,
  boundaryEvent: boundaryEventBehavior,
  task: passThroughTaskBehavior,
  manualTask: passThroughTaskBehavior,
  userTask: userTaskBehavior,
  serviceTask: serviceTaskBehavior,
  sendTask: serviceTaskBehavior,
  businessRuleTask: businessRuleTaskBehavior,
  scriptTask: scriptTaskBehavior,
  receiveTask: receiveTaskBehavior,
  subProcess: subProcessBehavior,
  callActivity: callActivityBehavior,
  exclusiveGateway: exclusiveGatewayBehavior,
  parallelGateway: parallelGatewayBehavior,
  inclusiveGateway: inclusiveGatewayBehavior,
  eventBasedGateway: eventBasedGatewayBehavior,
};

export function behaviorOf(el: ElementDef): ElementBehavior {
  if (el.type === 'sendTask' && !el.jobType) return passThroughTaskBehavior;
  return BEHAVIORS[el.type];
}
