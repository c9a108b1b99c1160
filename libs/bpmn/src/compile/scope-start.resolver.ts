import type { ElementDef, ScopeDef } from '../model/process-model';
import type { CompileContext } from './compile.context';

/**
 * Finds how each scope is entered: the process by its none start or its event starts, an
 * embedded subprocess by exactly one none start, an event subprocess by exactly one event start.
 */
export function resolveScopeStarts(processId: string, scopes: Record<string, ScopeDef>, elements: Record<string, ElementDef>, ctx: CompileContext): void {
  for (const scope of Object.values(scopes)) {
    const starts = scope.children.map((id) => elements[id]).filter((element) => element.type === 'startEvent');
    const owner = elements[scope.id];
    const where = scope.id === processId ? { id: processId, $type: 'bpmn:Process' } : { id: scope.id, $type: 'bpmn:SubProcess' };
    const none = starts.filter((start) => start.event?.kind === 'none');
    const triggered = starts.filter((start) => start.event && start.event.kind !== 'none');

    if (none.length > 1) ctx.out.add('BPMN_INVALID_MODEL', where, `has ${none.length} none start events; at most one is allowed`);
    if (none.length > 0) scope.noneStart = none[0].id;
    scope.eventStarts = triggered.map((start) => start.id);

    if (starts.length === 0 && scope.id === processId) {
      ctx.out.add('BPMN_NO_START_EVENT', where, 'executable process has no start event');
    } else if (owner?.triggeredByEvent) {
      if (triggered.length !== 1 || none.length > 0) {
        ctx.out.add('BPMN_INVALID_MODEL', where, 'an event subprocess needs exactly one start event with an event definition');
      }
    } else if (owner && starts.length === 0) {
      ctx.unsupported(where, 'a subprocess without a start event (implicit start) is not supported; add a none start event');
    } else if (owner && (none.length !== 1 || triggered.length > 0)) {
      ctx.out.add('BPMN_INVALID_MODEL', where, 'an embedded subprocess needs exactly one none start event');
    }
  }
}
