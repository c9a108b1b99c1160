/** The REST shapes the UI reads (issue 2 contract, bundles of issue 5). */

export interface User {
  username: string;
  roles: string[];
  department: string | null;
}

export interface TokenResponse {
  accessToken: string;
  expiresIn: number;
  /** Exchanged at `/auth/refresh` for new tokens when the access token has expired; accepted once. */
  refreshToken: string;
  refreshExpiresIn: number;
  restriction?: 'password-change' | 'totp-enrolment';
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Definition {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  resourceName: string;
  createdAt: string;
}

export interface DefinitionDetail extends Definition {
  xml: string;
}

export interface DeploymentResult {
  id: string;
  processes: { id: string; key: string; version: number; name: string | null }[];
}

export interface BpmnProblem {
  code: string;
  message: string;
  elementId?: string;
  elementType?: string;
}

export interface Task {
  id: string;
  processInstanceId: string;
  processKey: string;
  elementId: string;
  name: string | null;
  department: string | null;
  candidateGroups: string[];
  assignee: string | null;
  state: 'open' | 'claimed' | 'completed' | 'cancelled';
  variables: Record<string, unknown>;
  createdAt: string;
  claimedAt: string | null;
  endedAt: string | null;
  completedBy: string | null;
  step?: Record<string, unknown>;
}

export const INSTANCE_STATES = ['active', 'completed', 'terminated', 'cancelled', 'incident'] as const;

export interface Instance {
  id: string;
  processKey: string;
  version: number;
  definitionId: string;
  businessKey: string | null;
  parentId: string | null;
  state: string;
  startedAt: string;
  endedAt: string | null;
}

export interface InstanceDetail extends Instance {
  variables: Record<string, unknown>;
  activeElementIds: string[];
}

export interface HistoryItem {
  type: string;
  elementId: string | null;
  at: string;
  actor?: string;
  data?: Record<string, unknown>;
}

export interface BundleSummary {
  code: string;
  name?: string;
  processKey?: string;
  [key: string]: unknown;
}

export interface Bundle extends BundleSummary {
  bpmnXml?: string;
  savings?: Record<string, unknown>;
}
