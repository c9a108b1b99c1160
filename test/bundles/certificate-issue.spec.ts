import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

function issueWithoutItem(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn" id="d" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="issue" name="Issue" tongban:taskType="tongban.certificate.issue"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="issue"/>
    <bpmn:sequenceFlow id="f2" sourceRef="issue" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;
}

describe('the built-in certificate issue job', () => {
  const { t, api } = useTestApp();

  it('raises an incident instead of waiting silently when the task names no item to issue for', async () => {
    // given
    const key = uniqueKey('issue-without-item');
    await api.deploy(issueWithoutItem(key));

    // when
    const started = await api.startWithKey(key);
    expect(started.status).toBe(201);

    // then
    const incidents = await api.eventually(
      async () => (await t.http.get(`/api/v1/incidents?processInstanceId=${started.body.id}`).set('Authorization', await api.as('admin'))).body.items as Array<{ elementId: string; message: string }>,
      (items) => items.length === 1,
    );
    expect(incidents[0].elementId).toBe('issue');
    expect(incidents[0].message).toContain('tongban:item');
    const jobs = await t.http.get(`/api/v1/jobs?processInstanceId=${started.body.id}`).set('Authorization', await api.as('admin'));
    expect(jobs.body.items).toEqual([expect.objectContaining({ state: 'failed' })]);
  });
});
