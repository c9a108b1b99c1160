import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** The README's demo process under a key of its own. */
function demoProcess(): { key: string; xml: string } {
  const key = uniqueKey('three-department-approval');
  const xml = readFileSync(join(__dirname, '..', '..', 'workflows', 'processes', 'three-department-approval.bpmn'), 'utf8')
    .replaceAll('"three-department-approval"', `"${key}"`);
  return { key, xml };
}

const CLERKS: Record<string, string> = { 'food-licence': 'clerk.market-regulation', 'signboard-permit': 'clerk.city-appearance', 'fire-inspection': 'clerk.fire-rescue' };

describe('decisions and opinions leave a trace', () => {
  const { t, api } = useTestApp();

  function complete(taskId: string, clerk: string, body: Record<string, unknown>) {
    return api.as(clerk).then((auth) => t.http.post(`/api/v1/tasks/${taskId}/complete`).set('Authorization', auth).send(body));
  }

  async function demoCase() {
    const { key, xml } = demoProcess();
    await api.deploy(xml, `${key}.bpmn`);
    const started = await api.startWithKey(key, { seats: 80 });
    expect(started.status).toBe(201);
    const tasks = await api.eventually(() => api.tasks(started.body.id), (list) => list.length === 3);
    return { key, instanceId: started.body.id as string, task: Object.fromEntries(tasks.map((x) => [x.elementId, x.id])) as Record<string, string> };
  }

  it('ends the demo case rejected when one department rejects, with each decision and opinion on the task and in the history', async () => {
    // given
    const { key, instanceId, task } = await demoCase();

    // when: two departments approve, city appearance rejects with its reason
    expect((await complete(task['food-licence'], CLERKS['food-licence'], { decision: 'approve', comment: '符合条件，同意。' })).status).toBe(200);
    const rejection = await complete(task['signboard-permit'], CLERKS['signboard-permit'], { decision: 'reject', comment: '招牌面积超过规定上限。', variables: { maxAreaM2: 4 } });
    expect((await complete(task['fire-inspection'], CLERKS['fire-inspection'], { decision: 'approve' })).status).toBe(200);

    // then: the task shows the decision and the opinion
    expect(rejection.status).toBe(200);
    expect(rejection.body).toMatchObject({ state: 'completed', decision: 'reject', comment: '招牌面积超过规定上限。' });
    const shown = await t.http.get(`/api/v1/tasks/${task['signboard-permit']}`).set('Authorization', await api.as('clerk.city-appearance'));
    expect(shown.body).toMatchObject({ decision: 'reject', comment: '招牌面积超过规定上限。' });

    // and the case ends at the rejected end event, its outcome in the instance view and list
    const instance = await api.eventually(() => api.instance(instanceId), (i) => i.state === 'completed');
    expect(instance).toMatchObject({ outcome: 'rejected', variables: { marketDecision: 'approve', cityDecision: 'reject', fireDecision: 'approve', maxAreaM2: 4 } });
    const listed = await t.http.get(`/api/v1/process-instances?processKey=${key}`).set('X-API-Key', t.apiKey);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: instanceId, state: 'completed', outcome: 'rejected' })]);
    const history = await api.history(instanceId);
    expect(history.filter((h) => h.type === 'task.completed').find((h) => h.elementId === 'signboard-permit')).toMatchObject({
      actor: 'clerk.city-appearance',
      data: { taskId: task['signboard-permit'], decision: 'reject', comment: '招牌面积超过规定上限。', values: { cityDecision: 'reject', maxAreaM2: 4 } },
    });
    expect(history.some((h) => h.elementId === 'rejected')).toBe(true);
    expect(history.some((h) => h.elementId === 'approved')).toBe(false);
  });

  it('ends the demo case approved when all three approve', async () => {
    // given
    const { instanceId, task } = await demoCase();

    // when
    for (const [element, clerk] of Object.entries(CLERKS)) expect((await complete(task[element], clerk, { decision: 'approve' })).status).toBe(200);

    // then
    const instance = await api.eventually(() => api.instance(instanceId), (i) => i.state === 'completed');
    expect(instance.outcome).toBe('approved');
  });

  it("refuses an undeclared decision, a missing one the task requires, an overlong opinion and another department's decision with 400, completing nothing", async () => {
    // given
    const { instanceId, task } = await demoCase();
    const clerk = CLERKS['fire-inspection'];

    // when
    const undeclared = await complete(task['fire-inspection'], clerk, { decision: 'return-visit' });
    const missing = await complete(task['fire-inspection'], clerk, { variables: { approved: true } });
    const overlong = await complete(task['fire-inspection'], clerk, { decision: 'approve', comment: '长'.repeat(2001) });
    const otherDepartment = await complete(task['fire-inspection'], clerk, { decision: 'approve', variables: { cityDecision: 'approve' } });

    // then
    expect(undeclared.status).toBe(400);
    expect(undeclared.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'decision', reason: 'unknown' }] } });
    expect(undeclared.body.message).toContain('approve, reject');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'decision', reason: 'required' }] } });
    expect(overlong.status).toBe(400);
    expect(otherDepartment.status).toBe(400);
    expect(otherDepartment.body).toMatchObject({ details: { errors: [{ field: 'variables.cityDecision', reason: 'not-allowed' }] } });
    const open = await api.tasks(instanceId);
    expect(open.find((x) => x.id === task['fire-inspection'])?.state).toBe('open');
    expect((await api.history(instanceId)).some((h) => h.type === 'task.completed')).toBe(false);
  });

  it('accepts a decision the model declares and routes on it under the default variable name', async () => {
    // given: a review with a third outcome, a gateway on `decision`
    const key = uniqueKey('review-with-visit');
    await api.deploy(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="d" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" tongban:department="health" tongban:decisions="approve,reject,return-visit" />
    <bpmn:exclusiveGateway id="route" default="to-done" />
    <bpmn:userTask id="visit" tongban:department="health" />
    <bpmn:endEvent id="done" tongban:outcome="approved" />
    <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="s2" sourceRef="review" targetRef="route" />
    <bpmn:sequenceFlow id="to-visit" sourceRef="route" targetRef="visit"><bpmn:conditionExpression>= decision = "return-visit"</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to-done" sourceRef="route" targetRef="done" />
    <bpmn:sequenceFlow id="s3" sourceRef="visit" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`, `${key}.bpmn`);
    const started = await api.startWithKey(key);
    const [review] = await api.eventually(() => api.tasks(started.body.id), (list) => list.length === 1);

    // when
    const response = await complete(review.id, 'clerk.health', { decision: 'return-visit', comment: '需上门回访核实。' });

    // then
    expect(response.status).toBe(200);
    const tasks = await api.eventually(() => api.tasks(started.body.id), (list) => list.some((x) => x.elementId === 'visit'));
    expect(tasks.find((x) => x.elementId === 'visit')?.state).toBe('open');
    expect((await api.instance(started.body.id)).variables).toMatchObject({ decision: 'return-visit' });
  });
});
