import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';

describe('the task list pages by cursor: `after` and `next`, newest first on request, a bounded offset', () => {
  const { t, api } = useTestApp();

  /** One case with five open tasks (a fork), so that its list is the spec's own. */
  async function fiveTasks(): Promise<string> {
    const { key, xml } = processXml('paging', `
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      ${[0, 1, 2, 3, 4].map((i) => `<bpmn:userTask id="check${i}" tongban:department="health" />`).join('')}
      <bpmn:parallelGateway id="join" />
      <bpmn:endEvent id="end" />
      ${flow('f0', 'start', 'fork')}
      ${[0, 1, 2, 3, 4].map((i) => `${flow(`a${i}`, 'fork', `check${i}`)}${flow(`b${i}`, `check${i}`, 'join')}`).join('')}
      ${flow('f9', 'join', 'end')}`);
    await api.deploy(xml);
    return (await api.startWithKey(key)).body.id as string;
  }

  const list = async (query: string) => t.http.get(`/api/v1/tasks?${query}`).set('Authorization', await api.as('supervisor'));

  it('walks the list page by page with `after`, the same tasks in the same order as one page, oldest first or newest first', async () => {
    // given
    const id = await fiveTasks();
    const whole = await list(`processInstanceId=${id}&limit=50`);
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({ total: 5, totalExact: true, next: null });
    const ids = whole.body.items.map((task: { id: string }) => task.id);

    // when: two at a time, each page after the previous page's `next`
    const walked: string[] = [];
    const nexts: (string | null)[] = [];
    let after: string | null = null;
    do {
      const page = await list(`processInstanceId=${id}&limit=2${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      walked.push(...page.body.items.map((task: { id: string }) => task.id));
      after = page.body.next;
      nexts.push(after);
    } while (after);

    // then
    expect(walked).toEqual(ids);
    expect(nexts).toEqual([ids[1], ids[3], null]);
    const newest = await list(`processInstanceId=${id}&limit=50&order=desc`);
    expect(newest.body.items.map((task: { id: string }) => task.id)).toEqual([...ids].reverse());
    const olderThanNewest = await list(`processInstanceId=${id}&limit=2&order=desc&after=${ids[4]}`);
    expect(olderThanNewest.body).toMatchObject({ next: ids[2] });
    expect(olderThanNewest.body.items.map((task: { id: string }) => task.id)).toEqual([ids[3], ids[2]]);
  });

  it('answers 400 naming the parameter for an offset past 10,000, a cursor that names no task and one that is no id', async () => {
    const id = await fiveTasks();
    for (const [query, field] of [['offset=10001', 'offset'], [`after=${randomUUID()}`, 'after'], ['after=page-2', 'after'], ['order=sideways', 'order']]) {
      const refused = await list(`processInstanceId=${id}&${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    expect((await list(`processInstanceId=${id}&offset=10000`)).body).toMatchObject({ items: [], total: 5 });
  });
});
