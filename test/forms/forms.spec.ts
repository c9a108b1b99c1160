import { randomBytes } from 'node:crypto';
import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tongban="http://tongban.dev/schema/bpmn"';

/** A one-task process whose review step links `formId`. */
function linkedProcess(key: string, formId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Review" tongban:department="health">
      <bpmn:extensionElements><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('forms (表单): stored, versioned, linked from user tasks', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);
  let designer: string;

  beforeAll(async () => {
    designer = await api.as('designer');
  });

  const save = (body: unknown, as = designer) => t.http.post('/api/v1/forms').set('Authorization', as).send(body as object);

  it('keeps every saved version and answers the latest and each version', async () => {
    // given
    const id = uniqueKey('licence-review');
    const v1 = { id, type: 'default', components: [{ type: 'textfield', key: 'company.name', label: '企业名称', properties: { field: 'company.name' } }] };
    const v2 = { ...v1, components: [...v1.components, { type: 'textarea', key: 'opinion', label: '审查意见' }] };

    // when
    const first = await save({ name: '营业执照审查', schema: v1 });
    const again = await save({ name: '营业执照审查', schema: v1 });
    const second = await save({ name: '营业执照审查', schema: v2 });

    // then
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ formId: id, version: 1, created: true, createdBy: 'designer' });
    expect(again.body).toMatchObject({ version: 1, created: false });
    expect(second.body).toMatchObject({ version: 2, created: true, versions: [2, 1] });
    const clerk = await api.as('clerk.health');
    const latest = await t.http.get(`/api/v1/forms/${id}`).set('Authorization', clerk);
    expect(latest.status).toBe(200);
    expect(latest.body.schema.components.map((c: { key: string }) => c.key)).toEqual(['company.name', 'opinion']);
    const old = await t.http.get(`/api/v1/forms/${id}/versions/1`).set('Authorization', clerk);
    expect(old.body.schema.components).toHaveLength(1);
    expect((await t.http.get(`/api/v1/forms/${id}/versions/3`).set('Authorization', clerk)).status).toBe(404);
    expect((await t.http.get(`/api/v1/forms/${id}/versions/one`).set('Authorization', clerk)).status).toBe(400);
    const list = await t.http.get('/api/v1/forms').set('Authorization', clerk);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ formId: id, version: 2 })]));
  });

  it('refuses a schema that is no form-js schema, or binds a field the dictionary does not have, naming it, and stores nothing', async () => {
    // given
    const id = uniqueKey('bad-form');

    // when
    const notObject = await save({ name: 'x', schema: [1, 2] });
    const noComponents = await save({ name: 'x', schema: { id } });
    const unknownField = await save({ name: 'x', schema: { id, components: [{ type: 'textfield', key: 'pet.name', properties: { field: 'pet.name' } }] } });
    const clerkWrites = await save({ name: 'x', schema: { id, components: [] } }, await api.as('clerk.health'));

    // then
    expect(notObject.status).toBe(400);
    expect(noComponents.status).toBe(400);
    expect(noComponents.body.details.errors).toEqual([expect.objectContaining({ field: 'schema.components', reason: 'required' })]);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain('pet.name');
    expect(unknownField.body.details.errors).toEqual([expect.objectContaining({ field: 'schema.components[0].properties.field', reason: 'unknown-field' })]);
    expect(clerkWrites.status).toBe(403);
    expect((await t.http.get(`/api/v1/forms/${id}`).set('Authorization', designer)).status).toBe(404);
  });

  it("generates an item's form and a bundle's merged form from the field dictionary, with its rules", async () => {
    // when
    const item = await t.http.get('/api/v1/forms/templates/items/RS-SBK-002').set('Authorization', designer);
    const bundle = await t.http.get('/api/v1/forms/templates/bundles/new-baby?locale=en').set('Authorization', designer);

    // then
    expect(item.status).toBe(200);
    const idNumber = item.body.schema.components.find((c: { key: string }) => c.key === 'baby.idNumber');
    expect(idNumber).toMatchObject({ type: 'textfield', properties: { field: 'baby.idNumber' }, validate: { pattern: expect.any(String), maxLength: 2000 } });
    expect(bundle.status).toBe(200);
    const keys = bundle.body.schema.components.map((c: { key: string }) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(bundle.body.schema.components.find((c: { key: string }) => c.key === 'applicant.name')).toMatchObject({ label: 'Applicant name', validate: { required: true } });
    // the shipped example form is seeded from workflows/forms
    const shipped = await t.http.get('/api/v1/forms/licence-review').set('Authorization', designer);
    expect(shipped.body.schema.components.map((c: { key: string }) => c.key)).toEqual(['company.name', 'company.creditCode', 'applicant.phone', 'opinion']);
    // a generated form saves as it is
    const saved = await save({ name: bundle.body.name, schema: { ...bundle.body.schema, id: uniqueKey('new-baby-form') } });
    expect(saved.status).toBe(201);
  });

  it('refuses to deploy a user task linking an unknown form, naming the element; deploys once the form exists', async () => {
    // given
    const key = uniqueKey('linked');
    const formId = uniqueKey('review-form');
    const deploy = () => t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [{ name: 'linked.bpmn', content: linkedProcess(key, formId) }] });

    // when
    const refused = await deploy();

    // then
    expect(refused.status).toBe(400);
    expect(refused.body.details.problems).toEqual([expect.objectContaining({ rule: 'tongban/known-form', elementId: 'review', message: expect.stringContaining(formId) })]);
    expect((await save({ name: 'Review', schema: { id: formId, components: [{ type: 'textarea', key: 'opinion' }] } })).status).toBe(201);
    expect((await deploy()).status).toBe(201);
  });

  it("shows a bundle step's linked form with only the step's fields, read-only and masked as its step view", async () => {
    // given: a form asking for the bank account, the baby's name and the applicant's phone, and an opinion
    const formId = uniqueKey('card-review');
    const bind = (key: string) => ({ type: 'textfield', key, label: key, properties: { field: key } });
    const schema = { id: formId, type: 'default', components: [bind('bank.account'), bind('baby.name'), bind('applicant.phone'), { type: 'textarea', key: 'opinion', label: '意见' }] };
    expect((await save({ name: '社保卡审批', schema })).status).toBe(201);
    // the social security step links it; it may see the baby's name and phone, not the bank account
    const code = `card-form-${randomBytes(3).toString('hex')}`;
    const created = await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '社保卡', items: ['YB-CB-007', 'RS-SBK-002'] });
    expect(created.status).toBe(201);
    const xml = (created.body.bpmnXml as string)
      .replace('xmlns:tongban=', 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tongban=')
      .replace(/(<bpmn:userTask id="Task_RS_SBK_002_approve"[^>]*>)/, `$1<bpmn:extensionElements><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements>`);
    expect((await t.http.put(`/api/v1/bundles/${code}/bpmn`).set('Authorization', designer).send({ bpmnXml: xml })).status).toBe(200);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).status).toBe(201);
    const parent = newCitizenId('19900909');
    await b.registerCertificate({
      type: 'household-register', number: `H${parent.slice(-8)}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code: parent, name: '赵敏' }, data: { address: '上海市静安区1号' },
    });
    const photo = await b.upload(JPEG, 'photo.jpg');
    const form = {
      'baby.name': '赵小宝', 'baby.idNumber': newCitizenId('20261101'), 'baby.birthDate': '2026-11-01', 'baby.gender': '男', 'household.address': '上海市静安区1号',
      'bank.account': '6222020200112233445', 'applicant.name': '赵敏', 'applicant.phone': '13700137000',
    };
    const response = await b.submit({ bundleCode: code, applicant: { type: 'citizen', code: parent, name: '赵敏' }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });
    expect(response.status).toBe(201);
    const tasks = await b.openTasks(response.body.processInstanceId, ['Task_YB_CB_007_approve', 'Task_RS_SBK_002_approve']);

    // when
    const clerk = await api.as('clerk.human-resources');
    const linked = await t.http.get(`/api/v1/tasks/${tasks.Task_RS_SBK_002_approve.id}/form`).set('Authorization', clerk);
    const unlinked = await t.http.get(`/api/v1/tasks/${tasks.Task_YB_CB_007_approve.id}/form`).set('Authorization', await api.as('clerk.medical-insurance'));
    const otherDepartment = await t.http.get(`/api/v1/tasks/${tasks.Task_RS_SBK_002_approve.id}/form`).set('Authorization', await api.as('clerk.medical-insurance'));

    // then
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ formId, version: 1, readOnly: ['baby.name', 'applicant.phone'], editable: ['opinion'], data: { 'baby.name': '赵小宝', 'applicant.phone': '13700137000' } });
    expect(linked.body.schema.components.map((c: { key: string }) => c.key)).toEqual(['baby.name', 'applicant.phone', 'opinion']);
    expect(linked.body.schema.components[0]).toMatchObject({ readonly: true, disabled: true });
    expect(JSON.stringify(linked.body)).not.toContain('6222020200112233445');
    expect(unlinked.status).toBe(404);
    expect(otherDepartment.status).toBe(403);
    // the read is on the case like the step view's
    const reads = (await api.history(response.body.processInstanceId)).filter((h) => h.type === 'personal-data.read' && h.actor === 'clerk.human-resources');
    expect(reads.length).toBeGreaterThan(0);
  });
});
