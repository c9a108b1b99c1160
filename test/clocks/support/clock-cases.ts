import type { ApiClient } from '../../support/api-client';
import type { TestApp } from '../../support/test-app';
import { newCreditCode, type BundleClient } from '../../bundles/bundle-fixtures';

/** The three approvals of an open-restaurant case: 食品经营许可 (7/20 working days), 招牌 (5/20), 消防 (5/10). */
export const RESTAURANT_APPROVALS = ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve'];

/** An open-restaurant case of a new company holding a business licence, accepted now (the app's clock). */
export async function acceptRestaurant(b: BundleClient): Promise<{ id: string; processInstanceId: string; creditCode: string }> {
  const creditCode = newCreditCode();
  await b.registerBusinessLicence(creditCode);
  const { response } = await b.submitRestaurant(creditCode);
  expect(response.status).toBe(201);
  return { ...(response.body as { id: string; processInstanceId: string }), creditCode };
}

/** A case as the supervision list shows it. */
export interface SupervisedCase {
  applicationId: string;
  processInstanceId: string;
  status: string;
  departments: string[];
  items: string[];
  taskIds: string[];
  applicant: { code: string };
}

/**
 * The case of `applicationId` in the supervisor's list for `query`, walking its pages (`next`) until
 * the case is found or the list ends: found however many warned cases of other runs a reused database
 * holds before it. `undefined` when the list does not show it.
 */
export async function supervisedCase(t: TestApp, api: ApiClient, query: string, applicationId: string): Promise<SupervisedCase | undefined> {
  const supervisor = await api.as('supervisor');
  let after: string | null = null;
  do {
    const res: { status: number; body: { items: SupervisedCase[]; next: string | null } } = await t.http
      .get(`/api/v1/supervision/cases?limit=500&${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`).set('Authorization', supervisor);
    expect(res.status).toBe(200);
    const found = res.body.items.find((c) => c.applicationId === applicationId);
    if (found) return found;
    after = res.body.next;
  } while (after);
  return undefined;
}

/**
 * The tasks of `ids` as the task list `query` shows them to `authorization`, walking its pages (`next`)
 * until every one is found or the list ends: tasks of other runs sharing the database may come first.
 */
export async function listedTasks(t: TestApp, authorization: string, query: string, ids: string[]): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  let after: string | null = null;
  do {
    const res: { status: number; body: { items: Record<string, unknown>[]; next: string | null } } = await t.http
      .get(`/api/v1/tasks?${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`).set('Authorization', authorization);
    expect(res.status).toBe(200);
    for (const task of res.body.items) if (ids.includes(task.id as string)) found.set(task.id as string, task);
    after = res.body.next;
  } while (after && found.size < ids.length);
  return [...found.values()];
}
