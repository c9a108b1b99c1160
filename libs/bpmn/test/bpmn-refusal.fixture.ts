import { BpmnProblem, BpmnValidationError, compileBpmn } from '@tongban/bpmn';

/** The problems a refused document is refused with; fails the test when it compiles. */
export async function problemsOf(xml: string | Buffer): Promise<BpmnProblem[]> {
  try {
    await compileBpmn(xml);
  } catch (error) {
    if (error instanceof BpmnValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the document to be refused, but it compiled');
}

/** `code elementId` pairs, for compact assertions. */
export function codesOf(problems: BpmnProblem[]): string[] {
  return problems.map((problem) => `${problem.code} ${problem.elementId ?? '-'}`);
}
