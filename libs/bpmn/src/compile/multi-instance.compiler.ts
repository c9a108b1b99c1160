import type { ModdleElement } from 'bpmn-moddle';
import type { MultiInstanceDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, bodyOf, extensionOf } from './moddle-access.util';

/**
 * Multi-instance (countersign) characteristics of an activity: BPMN isSequential,
 * loopCardinality and completionCondition, the collection from `zeebe:loopCharacteristics` or
 * Camunda 7 `camunda:collection` / `camunda:elementVariable`. Standard loops are refused.
 */
export function compileMultiInstance(activity: ModdleElement, ctx: CompileContext): MultiInstanceDef | undefined {
  const loop: ModdleElement | undefined = activity.loopCharacteristics;
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    ctx.unsupported(activity, `${loop.$type} is not supported; model the loop with gateways or as multi-instance`);
    return undefined;
  }
  const zeebe = extensionOf(loop, 'zeebe:LoopCharacteristics');
  const def: MultiInstanceDef = { sequential: loop.isSequential === true };
  const collection = attributeOf(zeebe, 'inputCollection') ?? attributeOf(loop, 'camunda:collection');
  set(def, 'inputCollection', ctx.feel(activity, collection, 'input collection'));
  set(def, 'inputElement', attributeOf(zeebe, 'inputElement') ?? attributeOf(loop, 'camunda:elementVariable'));
  set(def, 'outputCollection', attributeOf(zeebe, 'outputCollection'));
  set(def, 'outputElement', ctx.feel(activity, attributeOf(zeebe, 'outputElement'), 'output element'));
  set(def, 'loopCardinality', ctx.feel(activity, bodyOf(loop.loopCardinality), 'loop cardinality'));
  set(def, 'completionCondition', ctx.feel(activity, bodyOf(loop.completionCondition), 'completion condition'));
  if (def.inputCollection === undefined && def.loopCardinality === undefined && !ctx.out.hasAny(activity.id!)) {
    ctx.out.add('BPMN_INVALID_MODEL', activity, 'multi-instance needs an input collection or a loop cardinality');
  }
  return def;
}

function set<K extends keyof MultiInstanceDef>(def: MultiInstanceDef, key: K, value: MultiInstanceDef[K] | undefined): void {
  if (value !== undefined) def[key] = value;
}
