/**
 * Why a BPMN document was refused at deploy time. Always names the element (when there is one)
 * so a designer can find it; mapped to HTTP 400 by the API.
 */
export type BpmnErrorCode =
  | 'BPMN_TOO_LARGE'
  | 'BPMN_NOT_XML'
  | 'BPMN_DOCTYPE'
  | 'BPMN_PARSE_WARNING'
  | 'BPMN_NO_PROCESS'
  | 'BPMN_NO_START_EVENT'
  | 'BPMN_DANGLING_REFERENCE'
  | 'BPMN_DUPLICATE_ID'
  | 'BPMN_INVALID_EXPRESSION'
  | 'BPMN_UNSUPPORTED_ELEMENT'
  | 'BPMN_INVALID_MODEL';

export interface BpmnProblem {
  code: BpmnErrorCode;
  message: string;
  elementId?: string;
  elementType?: string;
}

export class BpmnValidationError extends Error {
  readonly code: BpmnErrorCode;
  readonly elementId?: string;

  constructor(readonly problems: BpmnProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'BpmnValidationError';
    this.code = problems[0]?.code ?? 'BPMN_INVALID_MODEL';
    this.elementId = problems[0]?.elementId;
  }
}
