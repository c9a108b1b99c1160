import type { ModdleElement } from 'bpmn-moddle';
import { BpmnValidationError } from '../bpmn.errors';
import type { CompiledDefinitions, MessageDef } from '../model/process-model';
import { parseBpmnDocument, type ParsedDocument } from '../parse/bpmn-document.parser';
import { CompileContext } from './compile.context';
import { documentLanguageOf } from './expression-language.rule';
import { ProblemCollector } from './problem.collector';
import { compileProcess } from './process.compiler';

/**
 * Compiles a BPMN 2.0 document into the executable models of its processes marked
 * isExecutable="true". Throws a BpmnValidationError listing every problem found; descriptive
 * (non-executable) processes are skipped with a note, so such documents still deploy as resources.
 */
export async function compileBpmn(xml: string | Buffer): Promise<CompiledDefinitions> {
  const out = new ProblemCollector();
  return compileParsedBpmn(await parseBpmnDocument(xml, out), out);
}

/** `compileBpmn` of a document already read (`parseBpmnDocument` with `out`); the moddle tree is only read. */
export function compileParsedBpmn(parsed: ParsedDocument | undefined, out: ProblemCollector): CompiledDefinitions {
  if (!parsed) {
    out.throwIfAny();
    throw new BpmnValidationError([{ code: 'BPMN_NOT_XML', message: 'the document could not be read' }]);
  }

  const ctx = new CompileContext(out, parsed.dialect, documentLanguageOf(parsed.definitions));
  const roots: ModdleElement[] = parsed.definitions.rootElements ?? [];
  const processes = roots.filter((root) => root.$type === 'bpmn:Process');
  const executable = processes.filter((process) => process.isExecutable === true);

  for (const process of processes) {
    if (process.isExecutable !== true) out.note(`process "${process.id}" is not executable (isExecutable is not "true"); skipped`);
  }
  if (executable.length === 0) {
    out.note('no process is marked isExecutable="true": nothing is compiled, the document is kept as a descriptive model');
  }

  const withIds = executable.filter((process) => {
    if (!process.id) out.add('BPMN_INVALID_MODEL', process, 'an executable process needs an id: instances are started by it');
    return Boolean(process.id);
  });
  const compiled = withIds.map((process) => compileProcess(process, ctx));
  out.throwIfAny();
  return { processes: compiled, messages: messagesOf(roots), notes: out.notes, warnings: out.warnings };
}

/** Messages declared by the document, by name (by id when unnamed). */
function messagesOf(roots: ModdleElement[]): Record<string, MessageDef> {
  const messages: Record<string, MessageDef> = {};
  for (const root of roots) {
    if (root.$type !== 'bpmn:Message') continue;
    const name = String(root.name ?? root.id);
    messages[name] = { id: root.id!, name };
  }
  return messages;
}
