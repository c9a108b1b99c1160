import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { BundleClient, newCreditCode, PDF } from '../bundles/bundle-fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { inRoot } from '../support/root-scope';

describe('容缺: a deferred material handed in after acceptance', () => {
  // Tuesday 1 December 2026, 10:00 Beijing time
  const clock = new TestClock('2026-12-01T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  async function caseWithDeferredMaterial() {
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const { response: submitted } = await b.submitRestaurant(creditCode);
    expect(submitted.status).toBe(201);
    const tasks = await b.openTasks(submitted.body.processInstanceId, ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve']);
    return { id: submitted.body.id as string, instanceId: submitted.body.processInstanceId as string, food: tasks.Task_SH_SCJG_001_approve.id as string };
  }

  function handIn(id: string, materials: unknown[]) {
    return t.http.post(`/api/v1/applications/${id}/materials`).set('X-API-Key', t.apiKey).send({ materials });
  }

  it('moves the material from deferred to uploaded, shown to the department, recorded in the history', async () => {
    // given
    const c = await caseWithDeferredMaterial();
    const rules = await b.upload(PDF, '食品安全管理制度.pdf');

    // when
    const response = await handIn(c.id, [{ item: 'SH-SCJG-001', name: '食品安全管理制度', attachmentId: rules.id }]);

    // then
    expect(response.status).toBe(200);
    const view = await b.application(c.id);
    expect(view.deferredMaterials.map((d: { name: string }) => d.name)).not.toContain('食品安全管理制度');
    expect(view.uploadedMaterials).toContainEqual({ item: 'SH-SCJG-001', name: '食品安全管理制度', attachmentId: rules.id, handedInAt: expect.any(String) });
    const task = await b.task(c.food, 'clerk.market-regulation');
    expect(task.body.step.materials.find((m: { name: string }) => m.name === '食品安全管理制度')).toMatchObject({ status: 'uploaded', attachmentId: rules.id });
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'material.handed-in')).toHaveLength(1);
  });

  it('shows a deferred material overdue in the applicant view once the clock passes its deadline', async () => {
    // given
    const c = await caseWithDeferredMaterial();
    const before = await b.application(c.id);
    const due = before.deferredMaterials.find((d: { name: string }) => d.name === '食品安全管理制度');
    expect(due.overdue).toBe(false);

    // when
    clock.set(new Date(Date.parse(due.deadline) + 1));

    // then
    const after = await b.application(c.id);
    expect(after.deferredMaterials.find((d: { name: string }) => d.name === '食品安全管理制度')).toMatchObject({ overdue: true, deadlineDate: due.deadlineDate });
  });

  it('refuses a material that is not deferred and an unknown attachment at once with 422, and a second hand-in, writing nothing', async () => {
    // given
    const c = await caseWithDeferredMaterial();
    const rules = await b.upload(PDF, '食品安全管理制度.pdf');
    const before = (await inRoot(t.app).get(DataSource).query(`SELECT resolution FROM application WHERE id = $1`, [c.id]))[0].resolution;

    // when
    const wrong = await handIn(c.id, [
      { item: 'SH-SCJG-001', name: '经营场所平面布局图', attachmentId: rules.id },
      { item: 'SH-SCJG-001', name: '食品安全管理制度', attachmentId: '00000000-0000-4000-8000-000000000000' },
    ]);

    // then
    expect(wrong.status).toBe(422);
    expect(wrong.body.details.problems.map((p: { material: string; reason: string }) => `${p.material}:${p.reason}`)).toEqual(['经营场所平面布局图:not-deferred', '食品安全管理制度:unknown-attachment']);
    expect((await inRoot(t.app).get(DataSource).query(`SELECT resolution FROM application WHERE id = $1`, [c.id]))[0].resolution).toEqual(before);

    // and once handed in, the material is no longer due
    expect((await handIn(c.id, [{ item: 'SH-SCJG-001', name: '食品安全管理制度', attachmentId: rules.id }])).status).toBe(200);
    expect((await handIn(c.id, [{ item: 'SH-SCJG-001', name: '食品安全管理制度', attachmentId: rules.id }])).status).toBe(422);
  });

  it('issues the certificate of an item whose deferred material is still out flagged conditional, as the item allows; a complete item unflagged', async () => {
    // given: every department approves while the food-safety rules are still out
    const c = await caseWithDeferredMaterial();
    const tasks = await b.openTasks(c.instanceId, ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve']);
    expect((await api.complete(tasks.Task_SH_SCJG_001_approve.id, 'clerk.market-regulation', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_LHSR_014_approve.id, 'clerk.city-appearance', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_XF_003_approve.id, 'clerk.fire-rescue', { approved: true })).status).toBe(200);

    // when
    const done = await b.itemStates(c.id, { 'SH-SCJG-001': 'certificate-issued', 'SH-LHSR-014': 'certificate-issued', 'SH-XF-003': 'certificate-issued' });

    // then
    const certificateOf = (item: string) => done.items.find((i: { item: string }) => i.item === item).certificate;
    expect(certificateOf('SH-SCJG-001')).toMatchObject({ conditional: true });
    expect(certificateOf('SH-XF-003').conditional).toBeUndefined();
    expect((await api.history(c.instanceId)).find((h) => h.type === 'certificate.issued' && h.data?.item === 'SH-SCJG-001')).toMatchObject({ data: { conditional: true, outstandingMaterials: ['食品安全管理制度'] } });
  });
});

