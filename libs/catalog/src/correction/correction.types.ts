/** One thing a department asks the applicant to correct: a form field or a material of its item. */
export interface CorrectionAsk {
  field?: string;
  material?: string;
  reason: string;
}

/** What the applicant sends back: new values of the asked fields, uploads of the asked materials. */
export interface Supplement {
  form?: Record<string, unknown>;
  materials?: Array<{ name: string; attachmentId: string }>;
}

/** A field's value before and after the supplement, as the department's task view shows it. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Why something asked for is still not answered. */
export interface SupplementProblem {
  field?: string;
  material?: string;
  reason: 'missing' | 'invalid' | 'not-asked' | 'unknown-attachment';
  message: string;
}
