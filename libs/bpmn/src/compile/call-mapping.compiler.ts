import type { ModdleElement } from 'bpmn-moddle';
import type { MappingDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionsOf } from './moddle-access.util';

interface CallMappings {
  inputs: MappingDef[];
  outputs: MappingDef[];
}

/**
 * Camunda 7 variable passing of a call activity, `camunda:in` (parent → child) and
 * `camunda:out` (child → parent), as FEEL mappings: `source` names a variable,
 * `sourceExpression` is an expression. `variables="all"` is propagation, not a mapping.
 */
export function compileCallMappings(activity: ModdleElement, ctx: CompileContext): CallMappings {
  return {
    inputs: mappingsOf(activity, 'camunda:In', ctx),
    outputs: mappingsOf(activity, 'camunda:Out', ctx),
  };
}

function mappingsOf(activity: ModdleElement, type: string, ctx: CompileContext): MappingDef[] {
  const mappings: MappingDef[] = [];
  for (const mapping of extensionsOf(activity, type)) {
    const target = attributeOf(mapping, 'target');
    const variable = attributeOf(mapping, 'source');
    const expression = attributeOf(mapping, 'sourceExpression');
    if (!target || (!variable && !expression)) continue;
    const source = expression ? ctx.feel(activity, expression, `${type} source of "${target}"`) : variable;
    mappings.push({ source: source ?? 'null', target });
  }
  return mappings;
}
