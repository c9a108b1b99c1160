/** Thrown by a job handler to raise a BPMN error on the job's element (caught by an error boundary event or event subprocess). */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly variables?: Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'BpmnError';
  }
}
