import type { ApiClient } from '../../support/api-client';
import { fixture } from '../../support/fixtures';

/**
 * Starts twenty instances of a model with a commit point before its user task at once, then completes
 * each task once it opens and waits until every instance ended: the outbox relay, the worker and the
 * api all had to work through the pooler for that. Answers the instance ids.
 */
export async function runInstancesThroughCommitPoints(api: ApiClient): Promise<string[]> {
  const { key, xml } = fixture('async-continuation');
  await api.deploy(xml);
  const started = await Promise.all(Array.from({ length: 20 }, () => api.startWithKey(key)));
  expect(started.map((response) => response.status)).toEqual(Array(20).fill(201));
  const ids = started.map((response) => response.body.id as string);
  for (const id of ids) {
    const [task] = await api.eventually(() => api.tasks(id), (tasks) => tasks.some((task) => task.state === 'open'), 30_000);
    expect((await api.complete(task.id, `clerk.${task.department}`)).status).toBe(200);
  }
  for (const id of ids) await api.eventually(() => api.instance(id), (instance) => instance.state === 'completed', 30_000);
  return ids;
}
