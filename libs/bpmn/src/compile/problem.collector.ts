import type { ModdleElement } from 'bpmn-moddle';
import { BpmnErrorCode, BpmnProblem, BpmnValidationError } from '../bpmn.errors';

/** Gathers every problem of a document so that one refusal lists them all, plus non-fatal notes. */
export class ProblemCollector {
  readonly problems: BpmnProblem[] = [];
  readonly notes: string[] = [];
  /** What looks wrong in a document that still compiles (it changes nothing that runs); shown at deploy. */
  readonly warnings: string[] = [];
  private readonly recorded = new Set<string>();
  private readonly elementsWithProblems = new Set<string>();

  /** Records a problem on a moddle element (or on a bare id and type). */
  add(code: BpmnErrorCode, element: ModdleElement | { id?: string; $type?: string } | undefined, message: string): void {
    const elementId = element?.id;
    const elementType = element?.$type;
    const where = elementType || elementId ? `${elementType ?? 'element'}${elementId ? ` "${elementId}"` : ''}: ` : '';
    this.problems.push({ code, message: `${where}${message}`, elementId, elementType });
    this.recorded.add(`${code} ${elementId}`);
    if (elementId !== undefined) this.elementsWithProblems.add(elementId);
  }

  /** True when a problem with this code was already recorded on this element. */
  has(code: BpmnErrorCode, elementId: string | undefined): boolean {
    return this.recorded.has(`${code} ${elementId}`);
  }

  /** True when any problem names this element. */
  hasAny(elementId: string): boolean {
    return this.elementsWithProblems.has(elementId);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  warn(text: string): void {
    this.warnings.push(text);
  }

  /** Throws a BpmnValidationError listing every problem, if there is any. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new BpmnValidationError([...this.problems]);
  }
}
