import { Linter } from 'bpmnlint';
import { ProblemCollector } from '../compile/problem.collector';
import { parseBpmnDocument, type ParsedDocument } from '../parse/bpmn-document.parser';
import type { LintProblem, TongbanLintOptions } from './lint.types';
import { linkSequenceFlows } from './sequence-flow-links.util';
import { tongbanLintConfig } from './tongban-lint.config';

/**
 * Runs the designer's lint rules (bpmnlint's recommended ones and Tongban's) over a BPMN document,
 * errors first. A document that cannot be read yields no finding: the compiler refuses it.
 */
export async function lintBpmn(xml: string | Buffer, options: TongbanLintOptions = {}): Promise<LintProblem[]> {
  const parsed = await parseBpmnDocument(xml, new ProblemCollector());
  if (!parsed) return [];
  return lintParsedBpmn(parsed, options);
}

/** `lintBpmn` of a document already read; fills the flow nodes' `incoming` / `outgoing` from the sequence flows. */
export async function lintParsedBpmn(parsed: ParsedDocument, options: TongbanLintOptions = {}): Promise<LintProblem[]> {
  linkSequenceFlows(parsed.definitions);
  const { config, resolver } = tongbanLintConfig(options);
  const reports = await new Linter({ config, resolver }).lint(parsed.definitions);
  const problems: LintProblem[] = [];
  for (const [rule, found] of Object.entries(reports)) {
    for (const report of found) {
      const severity = report.category === 'error' ? 'error' : 'warn';
      problems.push({ rule, ...(report.id ? { elementId: report.id } : {}), message: report.message, severity });
    }
  }
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
