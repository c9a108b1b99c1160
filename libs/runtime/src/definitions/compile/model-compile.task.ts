import { BpmnValidationError, compileAndLintBpmn, type BpmnProblem, type LintProblem, type ProcessModel, type TongbanLintOptions } from '@tongban/bpmn';

/** What compiling one BPMN resource gives: its models, notes, warnings and lint findings, or why it was refused. */
export type ModelCompileOutcome =
  | { ok: true; processes: ProcessModel[]; notes: string[]; warnings: string[]; lint: LintProblem[] }
  | { ok: false; problems: BpmnProblem[] };

/** One resource to compile, as plain data (it crosses into a worker thread). */
export interface ModelCompileInput {
  content: string;
  lintOptions: TongbanLintOptions;
}

/**
 * Parses (once), compiles and lints one BPMN document; the same function runs on the event loop for small
 * documents and in the compile worker thread for large ones, so both give the same result. A refusal
 * comes back as data (its problems), never as a thrown error, so that it crosses the thread boundary.
 */
export async function compileModel(input: ModelCompileInput): Promise<ModelCompileOutcome> {
  try {
    const { processes, notes, warnings, lint } = await compileAndLintBpmn(input.content, input.lintOptions);
    return { ok: true, processes, notes, warnings, lint };
  } catch (error) {
    if (error instanceof BpmnValidationError) return { ok: false, problems: error.problems };
    throw error;
  }
}
