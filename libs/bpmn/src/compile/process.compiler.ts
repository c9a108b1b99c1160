import type { ModdleElement } from 'bpmn-moddle';
import { FlowDef, PROCESS_MODEL_FORMAT, ProcessModel } from '../model/process-model';
import { processDialectOf } from './process-dialect.rule';
import { linkBoundaryEvents } from './boundary-event.linker';
import type { CompileContext } from './compile.context';
import { resolveScopeStarts } from './scope-start.resolver';
import { walkProcess } from './scope.walker';
import { refuseListeners } from './listener.rule';
import { compileSequenceFlow } from './sequence-flow.compiler';
import { compileTongbanExtension } from './tongban-extension.compiler';
import { checkStructure } from './structure.checker';

/** Compiles one executable bpmn:Process into the ProcessModel libs/engine runs. */
export function compileProcess(process: ModdleElement, ctx: CompileContext): ProcessModel {
  // 1. flow nodes, scope by scope
  const { elements, scopes, sequenceFlows, associations } = walkProcess(process, ctx);

  // 2. sequence flows, and each node's incoming and outgoing flows
  const flows: Record<string, FlowDef> = {};
  refuseListeners(process, ctx);
  for (const flow of sequenceFlows) {
    refuseListeners(flow, ctx);
    const def = compileSequenceFlow(flow, elements, ctx);
    if (!def) continue;
    flows[def.id] = def;
    elements[def.source].outgoing.push(def.id);
    elements[def.target].incoming.push(def.id);
  }

  // 3. boundary events, compensation handlers, scope entries, structural rules
  linkBoundaryEvents(elements, associations, ctx);
  resolveScopeStarts(process.id!, scopes, elements, ctx);
  checkStructure(elements, flows, ctx);

  const model: ProcessModel = { format: PROCESS_MODEL_FORMAT, id: process.id!, elements, flows, scopes, dialect: processDialectOf(ctx.dialect) };
  if (process.name) model.name = String(process.name);
  const tongban = compileTongbanExtension(process, ctx);
  if (tongban) model.tongban = tongban;
  return model;
}
