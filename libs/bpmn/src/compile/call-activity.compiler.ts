import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../feel/feel-source.util';
import type { ElementDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf, extensionsOf } from './moddle-access.util';

/**
 * The process a call activity starts: `zeebe:calledElement processId` or the BPMN `calledElement`
 * attribute; a Camunda 7 `calledElementBinding="version"` pins `calledElementVersion`. Zeebe bindings
 * other than `latest` (`deployment`, `versionTag`) are refused rather than called as latest.
 * Variable propagation follows zeebe's flags, or Camunda 7 `camunda:in/out variables="all"`.
 */
export function compileCallActivity(activity: ModdleElement, ctx: CompileContext): ElementDef['calledElement'] {
  const zeebe = extensionOf(activity, 'zeebe:CalledElement');
  const processId = attributeOf(zeebe, 'processId') ?? attributeOf(zeebe, 'processIdExpression') ?? attributeOf(activity, 'calledElement');
  const caseRef = attributeOf(activity, 'camunda:caseRef');
  if (!processId && caseRef) {
    ctx.unsupported(activity, `camunda:caseRef="${caseRef}" calls a CMMN case, which Tongban does not run; call a process (calledElement)`);
    return undefined;
  }
  if (!processId) {
    ctx.out.add('BPMN_INVALID_MODEL', activity, 'call activity names no called process');
    return undefined;
  }
  const calledId = isExpression(processId) ? `=${ctx.feel(activity, processId, 'called process id') ?? ''}` : processId;
  const owner = owningProcessId(activity);
  if (owner !== undefined && calledId === owner) {
    ctx.out.add('BPMN_INVALID_MODEL', activity, `call activity calls its own process ${owner}: a direct recursion would never end`);
  }
  const binding = attributeOf(zeebe, 'bindingType');
  if (binding !== undefined && binding !== 'latest') {
    ctx.unsupported(activity, `zeebe:calledElement bindingType="${binding}" is not supported; the latest version is called (pin a version with camunda:calledElementBinding="version")`);
  }

  const called: NonNullable<ElementDef['calledElement']> = { processId: calledId };
  const version = versionOf(activity, ctx);
  if (version !== undefined) called.version = version;

  if (zeebe) {
    called.propagateAllChildVariables = zeebe.propagateAllChildVariables !== false;
    called.propagateAllParentVariables = zeebe.propagateAllParentVariables !== false;
  } else if (ctx.dialect === 'camunda' || ctx.dialect === 'dual') {
    called.propagateAllParentVariables = allVariables(activity, 'camunda:In');
    called.propagateAllChildVariables = allVariables(activity, 'camunda:Out');
  }
  return called;
}

/** The id of the process the element belongs to (through sub-processes). */
function owningProcessId(element: ModdleElement): string | undefined {
  for (let parent = element.$parent as ModdleElement | undefined; parent; parent = parent.$parent as ModdleElement | undefined) {
    if (parent.$type === 'bpmn:Process') return parent.id as string | undefined;
  }
  return undefined;
}

function versionOf(activity: ModdleElement, ctx: CompileContext): number | undefined {
  if (attributeOf(activity, 'camunda:calledElementBinding') !== 'version') return undefined;
  const raw = attributeOf(activity, 'camunda:calledElementVersion');
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) {
    ctx.out.add('BPMN_INVALID_MODEL', activity, `calledElementVersion "${raw ?? ''}" is not a version number`);
    return undefined;
  }
  return version;
}

function allVariables(activity: ModdleElement, type: string): boolean {
  return extensionsOf(activity, type).some((mapping) => attributeOf(mapping, 'variables') === 'all');
}
