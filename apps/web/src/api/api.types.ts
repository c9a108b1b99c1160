import type { components } from '@tongban/client';

/**
 * The REST shapes the UI reads, taken from the api's OpenAPI document (`@tongban/client`'s libs/client/src/openapi.types.ts, which is
 * generated from docs/openapi.json by `npm run openapi`; never edit it by hand).
 */
type Schemas = components['schemas'];

export type User = Schemas['TokenUserDto'];
export type TokenResponse = Schemas['TokenResponseDto'];
export type AuthConfig = Schemas['AuthConfigDto'];
export type Definition = Schemas['DefinitionDto'];
export type DefinitionDetail = Schemas['DefinitionDetailDto'];
export type DeploymentResult = Schemas['DeploymentResponseDto'];
export type Task = Schemas['TaskDto'];
export type TaskOperation = Schemas['TaskOperationDto'];
export type Instance = Schemas['InstanceDto'];
export type InstanceDetail = Schemas['InstanceDetailDto'];
export type HistoryItem = Schemas['HistoryItemDto'];
export type Incident = Schemas['IncidentDto'];
export type CaseClock = Schemas['CaseClockDto'];
export type ItemClock = Schemas['ItemClockDto'];
export type Department = Schemas['DepartmentDto'];
export type ServiceItem = Schemas['ServiceItemDto'];
export type ApiErrorBody = Schemas['ApiErrorDto'];

/** A page of a list route (`items` of the route's item schema and the `total` count). */
export interface Page<T> {
  items: T[];
  total: number;
}

export const INSTANCE_STATES = ['active', 'completed', 'terminated', 'cancelled', 'incident'] as const satisfies readonly Instance['state'][];

/** The warning level of a time-limit clock. */
export type WarningLevel = ItemClock['status'];
export const WARNING_LEVELS = ['normal', 'yellow', 'red', 'overdue'] as const satisfies readonly WarningLevel[];

/** One problem in the `details.problems` of a refused deployment (`details` is free-form in ApiErrorDto). */
export interface BpmnProblem {
  code: string;
  message: string;
  elementId?: string;
  elementType?: string;
}

/** A bundle as listed by GET /bundles; the bundle routes declare no response schema. */
export interface BundleSummary {
  code: string;
  name?: string;
  processKey?: string;
  [key: string]: unknown;
}

/** A field of a bundle's merged form. */
export interface MergedField {
  key: string;
  label: { zh?: string; en?: string } | string;
  type: string;
  required: boolean;
  options?: string[];
  min?: number;
  max?: number;
  patterns?: string[];
  usedBy: string[];
}

/** A bundle as GET /bundles/{code} returns it. */
export interface Bundle extends BundleSummary {
  items?: string[];
  form?: { fields: MergedField[] };
  departments?: string[];
  bpmnXml?: string;
  savings?: Record<string, unknown>;
}

/** A bundle step's view on GET /tasks/{id}: its item's fields, materials and certificates. */
export interface StepView {
  item: string;
  department: string;
  fields: { key: string; label: { zh?: string; en?: string }; type: string; value: unknown; masked: boolean }[];
  materials: { name: string; key: boolean; satisfiedBy?: string; status: string; certificateId?: string; attachmentId?: string; deadline?: string | null; deadlineProblem?: string; issuedBy?: string }[];
  certificates: StepCertificate[];
}

export interface StepCertificate {
  id: string;
  type: string;
  name: string;
  number: string;
  issuer: string;
  status: string;
  holder: { codeType: string; code: string; name: string };
  validUntil?: string;
  data: Record<string, unknown>;
}

/** An item's progress in the public-safe view of an application (GET /applications/{id}). */
export interface ItemProgress {
  item: string;
  name: string;
  department: string;
  state: string;
  decision?: string;
  opinion?: string;
  promisedDays: number;
  dayUnit: string;
  startedAt?: string;
  endedAt?: string;
  certificate?: { id: string; type: string; number: string; issuedAt: string };
}

/** A correction request (补正) open on an application. */
export interface OpenCorrection {
  item: string;
  items: { field?: string; material?: string; reason: string }[];
  comment: string | null;
  deadlineDate: string | null;
  deadlineProblem?: string;
}

/** GET /applications/{id}: progress item by item, without staff names or internal ids. */
export interface ApplicationProgress {
  id: string;
  bundleCode: string;
  bundleName: string;
  state: string;
  outcome: string | null;
  submittedAt: string;
  endedAt: string | null;
  applicant: { type: string; name: string };
  items: ItemProgress[];
  exemptMaterials: { item: string; name: string; certificateId: string; certificateType: string }[];
  pendingMaterials: { item: string; name: string; certificateType: string; issuedBy: string; satisfied: boolean }[];
  deferredMaterials: { item: string; name: string; deadline: string | null; deadlineDate: string | null; deadlineProblem?: string; overdue: boolean }[];
  uploadedMaterials: { item: string; name: string; attachmentId: string }[];
  correction: OpenCorrection | null;
}

export type SupervisionStats = Schemas['SupervisionStatsDto'];
export type SupervisionStatsGroup = Schemas['SupervisionStatsGroupDto'];
export type SupervisedCase = Schemas['SupervisedCaseDto'];
export type Directive = Schemas['DirectiveDto'];
export type TaskCopy = Schemas['TaskCopyDto'];
