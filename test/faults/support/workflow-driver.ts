import type { Pool } from './pg-client';
import { asIntegrator, asUser, clerkOf, isOk, type RestClient, type RestResponse } from './rest-client';
import { sleep } from './wait';

export interface DeployedProcess {
  id: string;
  key: string;
  version: number;
}

export interface TaskView {
  id: string;
  elementId: string;
  department?: string;
  state: string;
}

export class ApiError extends Error {
  constructor(what: string, readonly response: RestResponse) {
    super(`${what} answered ${response.status}: ${JSON.stringify(response.body)?.slice(0, 400)}`);
  }
}

/** Deploys one BPMN resource as the designer; throws on anything but 2xx. */
export async function deploy(client: RestClient, name: string, xml: string): Promise<DeployedProcess> {
  const res = await tryDeploy(client, name, xml);
  if (!isOk(res.status)) throw new ApiError(`deploy ${name}`, res);
  return res.body.processes[0];
}

export function tryDeploy(client: RestClient, name: string, xml: string): Promise<RestResponse> {
  return client.post('/api/v1/deployments', asUser('designer'), { name, resources: [{ name: `${name}.bpmn`, content: xml }] });
}

/** Starts an instance as the integrator; returns the response (2xx carries `{id, state}`). */
export function startInstance(client: RestClient, processKey: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<RestResponse> {
  return client.post('/api/v1/process-instances', asIntegrator, { processKey, variables }, headers);
}

export async function startOrThrow(client: RestClient, processKey: string, variables: Record<string, unknown> = {}): Promise<string> {
  const res = await startInstance(client, processKey, variables);
  if (!isOk(res.status)) throw new ApiError(`start ${processKey}`, res);
  return res.body.id as string;
}

/** Open tasks of an instance as seen by the supervisor, waiting up to `timeoutMs` for `expected` of them. */
export async function openTasks(client: RestClient, instanceId: string, expected = 1, timeoutMs = 10_000): Promise<TaskView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/tasks?processInstanceId=${instanceId}&state=open&limit=100`, asUser('supervisor'));
    const items: TaskView[] = isOk(res.status) ? (res.body.items ?? []) : [];
    if (items.length >= expected || Date.now() > deadline) return items;
    await sleep(20);
  }
}

/** Completes a task as the clerk of its department. */
export function completeTask(client: RestClient, task: Pick<TaskView, 'id' | 'department'>, variables: Record<string, unknown> = {}): Promise<RestResponse> {
  return client.post(`/api/v1/tasks/${task.id}/complete`, clerkOf(task.department ?? 'market-regulation'), { variables });
}

/** Instance states straight from PostgreSQL, the truth. */
export async function instanceStates(db: Pool, ids: readonly string[]): Promise<Map<string, string>> {
  const result = await db.query(`SELECT id, state FROM process_instance WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(result.rows.map((row) => [row.id as string, row.state as string]));
}

/** Waits until every instance is `completed` or `timeoutMs` passes; returns the ids that are not. */
export async function waitCompleted(db: Pool, ids: readonly string[], timeoutMs: number, onPoll?: () => Promise<void>): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...ids];
  while (pending.length > 0) {
    const states = await instanceStates(db, pending).catch(() => new Map<string, string>());
    pending = pending.filter((id) => states.get(id) !== 'completed');
    if (pending.length === 0 || Date.now() > deadline) break;
    if (onPoll) await onPoll();
    await sleep(250);
  }
  return pending;
}

/** Counts of instance states among `ids`, for a readable failure figure. */
export async function stateCounts(db: Pool, ids: readonly string[]): Promise<string> {
  const states = await instanceStates(db, ids).catch(() => new Map<string, string>());
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const state = states.get(id) ?? 'missing';
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return Object.entries(counts).map(([state, n]) => `${state}=${n}`).join(' ');
}
