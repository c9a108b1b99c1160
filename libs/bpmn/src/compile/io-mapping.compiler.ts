import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../feel/feel-source.util';
import type { MappingDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf, extensionsOf } from './moddle-access.util';

interface Mappings {
  inputs?: MappingDef[];
  outputs?: MappingDef[];
}

/**
 * Input and output mappings of an element as FEEL `target := source`: `zeebe:ioMapping`, or
 * Camunda 7 `camunda:inputOutput` parameters. A static value (no `=` or `${…}`) becomes a FEEL string.
 */
export function compileIoMapping(element: ModdleElement, ctx: CompileContext): Mappings {
  const zeebe = extensionOf(element, 'zeebe:IoMapping');
  if (zeebe) {
    return {
      inputs: zeebeMappings(element, zeebe.inputParameters, ctx),
      outputs: zeebeMappings(element, zeebe.outputParameters, ctx),
    };
  }
  const camunda = extensionOf(element, 'camunda:InputOutput');
  if (camunda) {
    return {
      inputs: camundaMappings(element, camunda.inputParameters, ctx),
      outputs: camundaMappings(element, camunda.outputParameters, ctx),
    };
  }
  return {};
}

function zeebeMappings(element: ModdleElement, parameters: ModdleElement[] | undefined, ctx: CompileContext): MappingDef[] | undefined {
  const mappings = (parameters ?? []).map((parameter) => {
    const target = String(parameter.target ?? '');
    const raw = attributeOf(parameter, 'source');
    return { source: sourceOf(element, raw, target, ctx), target };
  });
  return mappings.length > 0 ? mappings : undefined;
}

function camundaMappings(element: ModdleElement, parameters: ModdleElement[] | undefined, ctx: CompileContext): MappingDef[] | undefined {
  const mappings = (parameters ?? []).map((parameter) => {
    const target = String(parameter.name ?? '');
    if (parameter.definition) {
      ctx.unsupported(element, `parameter "${target}" uses a ${parameter.definition.$type}; only text and expressions are supported`);
      return { source: 'null', target };
    }
    return { source: sourceOf(element, extensionValue(parameter), target, ctx), target };
  });
  return mappings.length > 0 ? mappings : undefined;
}

/** A mapping source as FEEL: an expression (`=…`, `${…}`) as written, a static text as a FEEL string. */
function sourceOf(element: ModdleElement, raw: string | undefined, target: string, ctx: CompileContext): string {
  if (raw === undefined) return 'null';
  if (!isExpression(raw)) return JSON.stringify(raw);
  return ctx.feel(element, raw, `mapping source of "${target}"`) ?? 'null';
}

function extensionValue(parameter: ModdleElement): string | undefined {
  const value = parameter.value ?? extensionsOf(parameter, 'camunda:Value')[0]?.value;
  return value === undefined || value === null ? undefined : String(value);
}
