import { uniqueKey } from './support/test-app';
import { useTestApp } from './support/use-test-app';

function definitions(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:tongban="http://tongban.dev/schema/bpmn" id="defs" targetNamespace="http://tongban.dev/test">${body}</bpmn:definitions>`;
}

describe('call activity through the outbox', () => {
  const { t, api } = useTestApp();

  it('starts the called child on a worker and resumes the parent when the child completes', async () => {
    // given
    const parentKey = uniqueKey('bundle');
    const childKey = uniqueKey('health-permit');
    await api.deploy(definitions(`
      <bpmn:process id="${childKey}" isExecutable="true">
        <bpmn:startEvent id="childStart" />
        <bpmn:userTask id="inspect" tongban:department="health" />
        <bpmn:endEvent id="childEnd" />
        <bpmn:sequenceFlow id="c1" sourceRef="childStart" targetRef="inspect" />
        <bpmn:sequenceFlow id="c2" sourceRef="inspect" targetRef="childEnd" />
      </bpmn:process>`));
    await api.deploy(definitions(`
      <bpmn:process id="${parentKey}" isExecutable="true">
        <bpmn:startEvent id="start" />
        <bpmn:callActivity id="callPermit">
          <bpmn:extensionElements><zeebe:calledElement processId="${childKey}" propagateAllChildVariables="true" /></bpmn:extensionElements>
        </bpmn:callActivity>
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="p1" sourceRef="start" targetRef="callPermit" />
        <bpmn:sequenceFlow id="p2" sourceRef="callPermit" targetRef="end" />
      </bpmn:process>`));

    // when
    const parentId = (await api.startWithKey(parentKey, { applicant: 'ACME' })).body.id as string;

    // then: the child runs with the parent's variables and a task in its department
    const children = await api.eventually(
      async () => (await t.http.get(`/api/v1/process-instances?parentId=${parentId}`).set('X-API-Key', t.apiKey)).body,
      (page) => page.total === 1,
    );
    const childId = children.items[0].id as string;
    expect(children.items[0]).toMatchObject({ processKey: childKey, parentId });
    expect((await api.instance(childId)).variables).toMatchObject({ applicant: 'ACME' });
    const [task] = await api.eventually(() => api.tasks(childId), (list) => list.length === 1);

    // when the child's task is completed
    expect((await api.complete(task.id, 'clerk.health', { permitNo: 'HP-1' })).status).toBe(200);

    // then both complete and the child's result reached the parent
    const parent = await api.eventually(() => api.instance(parentId), (instance) => instance.state === 'completed');
    expect(parent.variables).toMatchObject({ applicant: 'ACME', permitNo: 'HP-1' });
    expect((await api.instance(childId)).state).toBe('completed');
  });

  it('puts an incident on the call activity when the called process is not deployed', async () => {
    // given
    const parentKey = uniqueKey('bundle');
    const missingKey = uniqueKey('never-deployed');
    await api.deploy(definitions(`
      <bpmn:process id="${parentKey}" isExecutable="true">
        <bpmn:startEvent id="start" />
        <bpmn:callActivity id="callMissing">
          <bpmn:extensionElements><zeebe:calledElement processId="${missingKey}" /></bpmn:extensionElements>
        </bpmn:callActivity>
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="p1" sourceRef="start" targetRef="callMissing" />
        <bpmn:sequenceFlow id="p2" sourceRef="callMissing" targetRef="end" />
      </bpmn:process>`));

    // when
    const parentId = (await api.startWithKey(parentKey, {})).body.id as string;

    // then
    const parent = await api.eventually(() => api.instance(parentId), (instance) => instance.state === 'incident');
    expect(parent.activeElementIds).toEqual(['callMissing']);
    const history = (await t.http.get(`/api/v1/process-instances/${parentId}/history`).set('X-API-Key', t.apiKey)).body.items as Array<{ type: string; elementId: string; data?: Record<string, unknown> }>;
    expect(history.find((event) => event.type === 'incident.raised')).toMatchObject({ elementId: 'callMissing' });
  });
});
