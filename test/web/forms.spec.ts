import { uniqueKey } from '../support/test-app';
import { screenshot, seriousViolations, useWebUi } from './browser';

/**
 * Forms (表单) in the browser: a designer builds a form from dictionary fields in the form-js
 * editor and saves it; a clerk sees the form its task links in the inbox and completes with it.
 */
jest.setTimeout(180_000);

function linkedProcess(key: string, formId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:tongban="http://tongban.dev/schema/bpmn" id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" name="表单办理" isExecutable="true">
    <bpmn:startEvent id="start" name="开始" />
    <bpmn:userTask id="review" name="审核登记信息" tongban:department="health">
      <bpmn:extensionElements><zeebe:formDefinition formId="${formId}" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end" name="结束" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('forms in the browser', () => {
  const { app, api, ui } = useWebUi();

  it('a designer builds a form from dictionary fields and saves it; a clerk completes the linked task with it', async () => {
    // given
    const formId = uniqueKey('registration-check');
    const designer = await ui.open('#/forms');
    await designer.fill('input[name=username]', 'designer');
    await designer.fill('input[name=password]', 'designer');
    await designer.click('button[type=submit]');
    await designer.waitForSelector('.palette-field[data-field="company.name"]');
    await designer.waitForSelector('[data-testid=form-editor] .fjs-editor-container');

    // when: two dictionary fields are added from the palette and the form saved
    await designer.fill('#form-id', formId);
    await designer.fill('#form-name', '登记信息核对');
    await designer.click('.palette-field[data-field="company.name"]');
    await designer.click('.palette-field[data-field="applicant.phone"]');
    await designer.waitForSelector('[data-testid=form-editor] [data-id="Field_applicant_phone"], [data-testid=form-editor] .fjs-editor-container :text("联系电话")');
    expect(await seriousViolations(designer)).toEqual([]);
    await screenshot(designer, 'forms-designer');
    await designer.click('[data-action=save-form]');

    // then: version 1 is stored with both fields bound to the dictionary, the phone with its pattern
    await designer.waitForSelector('.page-forms .notice-ok');
    const stored = await app.http.get(`/api/v1/forms/${formId}`).set('Authorization', await api.as('designer'));
    expect(stored.body).toMatchObject({ version: 1, name: '登记信息核对' });
    expect(stored.body.schema.components).toEqual([
      expect.objectContaining({ key: 'company.name', properties: { field: 'company.name' } }),
      expect.objectContaining({ key: 'applicant.phone', properties: { field: 'applicant.phone' }, validate: expect.objectContaining({ pattern: '^1[0-9]{10}$' }) }),
    ]);
    await designer.waitForSelector(`.form-versions [data-version="1"]`);
    expect(ui.pageErrors(designer)).toEqual([]);
    await designer.context().close();

    // given: a process whose review step links the form
    const key = uniqueKey('form-linked');
    await api.deploy(linkedProcess(key, formId));
    const started = await api.startWithKey(key, { company: { name: '上海小笼包餐饮有限公司' } });
    expect(started.status).toBe(201);
    const [task] = await api.eventually(() => api.tasks(started.body.id), (tasks) => tasks.length === 1);

    // when: the clerk opens the task, fills the phone in the linked form and completes
    const clerk = await ui.signIn('clerk.health');
    await ui.openTask(clerk, task.id);
    await clerk.waitForSelector(`[data-testid=task-detail][data-task-id="${task.id}"] [data-section=linked-form] .fjs-form`);
    const phone = clerk.locator('[data-section=linked-form]').getByLabel('联系电话');
    expect(await clerk.locator('[data-section=linked-form]').getByLabel('企业名称').inputValue()).toBe('上海小笼包餐饮有限公司');
    await phone.fill('13800138000');
    expect(await seriousViolations(clerk)).toEqual([]);
    await screenshot(clerk, 'forms-inbox-linked');
    await clerk.click('[data-testid=task-detail] button[data-action=complete]');
    await clerk.click('.operation-dialog [data-action=confirm]');

    // then: the form's data are the completion's variables
    await clerk.waitForSelector('[data-testid=task-detail] .notice-ok');
    const instance = await api.eventually(() => api.instance(started.body.id), (i) => i.state === 'completed');
    expect(instance.variables).toMatchObject({ company: { name: '上海小笼包餐饮有限公司' }, applicant: { phone: '13800138000' } });
    expect(ui.pageErrors(clerk)).toEqual([]);
    await clerk.context().close();
  });
});
