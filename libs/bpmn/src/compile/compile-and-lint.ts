import { compileParsedBpmn } from './definitions.compiler';
import { ProblemCollector } from './problem.collector';
import { lintParsedBpmn } from '../lint/lint-bpmn';
import type { LintProblem, TongbanLintOptions } from '../lint/lint.types';
import type { CompiledDefinitions } from '../model/process-model';
import { parseBpmnDocument } from '../parse/bpmn-document.parser';

/**
 * `compileBpmn` and then, when the document has an executable process, `lintBpmn`, reading the
 * document once: the compiler only reads the moddle tree, and the linter reads it after. Throws
 * what `compileBpmn` throws.
 */
export async function compileAndLintBpmn(xml: string | Buffer, options: TongbanLintOptions = {}): Promise<CompiledDefinitions & { lint: LintProblem[] }> {
  const out = new ProblemCollector();
  const parsed = await parseBpmnDocument(xml, out);
  const definitions = compileParsedBpmn(parsed, out);
  const lint = definitions.processes.length > 0 && parsed ? await lintParsedBpmn(parsed, options) : [];
  return { ...definitions, lint };
}
