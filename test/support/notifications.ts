import { regionContext } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import type { ApiClient } from './api-client';
import type { TestApp } from './test-app';

/** A notification as the API returns it. */
export interface NotificationBody {
  id: string;
  applicationId: string | null;
  title: string;
  readAt: string | null;
}

/**
 * The notifications of a case that `username` receives, each confirmed through the API: found by the
 * case (its list shows the newest 200 of every case, so another run's on a reused database may hide
 * them), then read with `POST /notifications/{id}/read`, which answers only to the recipient (404
 * otherwise). Marks them read.
 */
export async function notificationsOfCase(t: TestApp, api: ApiClient, applicationId: string, username: string): Promise<NotificationBody[]> {
  const rows = await regionContext.runAsSystem(() => t.app.get(DataSource).query(`SELECT id FROM notification WHERE application_id = $1 ORDER BY created_at, id`, [applicationId])) as { id: string }[];
  const authorization = await api.as(username);
  const mine: NotificationBody[] = [];
  for (const { id } of rows) {
    const res = await t.http.post(`/api/v1/notifications/${id}/read`).set('Authorization', authorization);
    if (res.status === 200) mine.push(res.body as NotificationBody);
    else expect(res.status).toBe(404);
  }
  return mine;
}
