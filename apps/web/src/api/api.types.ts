import type { components } from './openapi.types';

/**
 * The REST shapes the UI reads, taken from the api's OpenAPI document (`openapi.types.ts` is
 * generated from docs/openapi.json by `npm run openapi`; never edit it by hand).
 */
type Schemas = components['schemas'];

export type User = Schemas['TokenUserDto'];
export type TokenResponse = Schemas['TokenResponseDto'];
export type Definition = Schemas['DefinitionDto'];
export type DefinitionDetail = Schemas['DefinitionDetailDto'];
export type DeploymentResult = Schemas['DeploymentResponseDto'];
export type Task = Schemas['TaskDto'];
export type Instance = Schemas['InstanceDto'];
export type InstanceDetail = Schemas['InstanceDetailDto'];
export type HistoryItem = Schemas['HistoryItemDto'];
export type ApiError = Schemas['ApiErrorDto'];

/** A page of a list route (`items` of the route's item schema and the `total` count). */
export interface Page<T> {
  items: T[];
  total: number;
}

export const INSTANCE_STATES = ['active', 'completed', 'terminated', 'cancelled', 'incident'] as const satisfies readonly Instance['state'][];

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

/** A bundle as GET /bundles/{code} returns it. */
export interface Bundle extends BundleSummary {
  bpmnXml?: string;
  savings?: Record<string, unknown>;
}
