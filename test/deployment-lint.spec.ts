import { uniqueKey } from './support/test-app';
import { useTestApp } from './support/use-test-app';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tongban="http://tongban.dev/schema/bpmn"';

function processXml(key: string, department: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Review" tongban:department="${department}" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />${extra}
  </bpmn:process>
</bpmn:definitions>`;
}

describe('deployment lint', () => {
  const { t } = useTestApp();
  let designer: string;

  beforeAll(async () => {
    designer = `Bearer ${await t.token('designer')}`;
  });

  function deploy(content: string) {
    return t.http.post('/api/v1/deployments').set('Authorization', designer).send({ name: 'lint spec', resources: [{ name: 'lint.bpmn', content }] });
  }

  it('refuses an unknown department with the rule and element id, and deploys nothing', async () => {
    // given
    const key = uniqueKey('lint-dept');

    // when
    const refused = await deploy(processXml(key, 'no-such-bureau'));

    // then
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('BPMN_LINT_FAILED');
    expect(refused.body.details.problems).toEqual([
      { code: 'BPMN_LINT_FAILED', rule: 'tongban/known-department', elementId: 'review', message: expect.stringContaining('no-such-bureau') },
    ]);
    const list = await t.http.get(`/api/v1/process-definitions?key=${key}`).set('Authorization', designer);
    expect(list.body.total).toBe(0);
  });

  it('refuses a disconnected step', async () => {
    const refused = await deploy(processXml(uniqueKey('lint-stray'), 'health', '\n    <bpmn:serviceTask id="stray" tongban:taskType="stray" />'));

    expect(refused.status).toBe(400);
    expect(refused.body.details.problems).toEqual([expect.objectContaining({ rule: 'tongban/disconnected', elementId: 'stray' })]);
  });

  it('deploys a model that only has warnings and reports them', async () => {
    // given: no end-event label, a user task without a department
    const key = uniqueKey('lint-warn');
    const xml = processXml(key, 'health', '').replace('<bpmn:userTask id="review" name="Review" tongban:department="health" />', '<bpmn:userTask id="review" />');

    // when
    const deployed = await deploy(xml);

    // then
    expect(deployed.status).toBe(201);
    expect(deployed.body.processes[0]).toMatchObject({ key, version: 1 });
    expect(deployed.body.lint).toEqual(expect.arrayContaining([
      { resource: 'lint.bpmn', rule: 'tongban/user-task-department', elementId: 'review', severity: 'warn', message: expect.any(String) },
      expect.objectContaining({ rule: 'label-required', elementId: 'review', severity: 'warn' }),
    ]));
  });

  it('knows the service hall\'s acceptance window of generated bundles', async () => {
    const deployed = await deploy(processXml(uniqueKey('lint-hall'), 'service-center'));

    expect(deployed.status).toBe(201);
  });

  it('refuses a department an admin has disabled', async () => {
    // given
    const admin = `Bearer ${await t.token('admin')}`;
    const code = uniqueKey('lint-bureau');
    expect((await t.http.post('/api/v1/departments').set('Authorization', admin).send({ code, name: 'Lint bureau' })).status).toBe(201);
    expect((await deploy(processXml(uniqueKey('lint-ok'), code))).status).toBe(201);

    // when
    await t.http.patch(`/api/v1/departments/${code}`).set('Authorization', admin).send({ disabled: true });
    const refused = await deploy(processXml(uniqueKey('lint-off'), code));

    // then
    expect(refused.status).toBe(400);
    expect(refused.body.details.problems[0]).toMatchObject({ rule: 'tongban/known-department', elementId: 'review' });
  });
});
