import type { BpmnProblem } from '../api/api.types';
import { ApiError } from '../api/api-client';
import { h } from '../dom/dom.util';

/** The problems of a refused deployment, read from the 400 body (`details.problems`). */
export function problemsOf(error: unknown): BpmnProblem[] {
  if (!(error instanceof ApiError)) return [{ code: 'ERROR', message: (error as Error).message }];
  const problems = error.details?.problems;
  if (Array.isArray(problems) && problems.length > 0) return problems as BpmnProblem[];
  return [{ code: error.code, message: error.message }];
}

/** A list of problems; clicking one with an element id calls `onSelect`. */
export function renderProblems(problems: (BpmnProblem & { rule?: string })[], onSelect: (elementId: string) => void, title = '部署被拒绝 / Deployment refused'): HTMLElement {
  return h('div', { class: 'problems', role: 'alert' },
    h('h3', {}, `${title} (${problems.length})`),
    h('ul', {}, problems.map((problem) => h('li', { 'data-element-id': problem.elementId ?? null, 'data-code': problem.code, 'data-rule': problem.rule ?? null },
      problem.elementId
        ? h('button', { class: 'link element-ref', onclick: () => onSelect(problem.elementId!) }, problem.elementId)
        : null,
      h('code', {}, problem.rule ?? problem.code),
      ' ',
      problem.message,
    ))),
  );
}
