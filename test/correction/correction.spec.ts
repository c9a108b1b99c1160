import { CorrectionDeadlineProcessor } from '@tongban/catalog';
import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { advanceClock } from '../support/advance-clock';
import { BundleClient, newCreditCode, PDF } from '../bundles/bundle-fixtures';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { inRoot } from '../support/root-scope';

const APPROVALS = ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve'];
const MARKET = 'clerk.market-regulation';

describe('补正: a case returned to the applicant for correction and supplemented', () => {
  // Tuesday 1 December 2026, 10:00 Beijing time
  const clock = new TestClock('2026-12-01T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  /** An accepted open-restaurant case with its three approval tasks open. */
  async function restaurantCase() {
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const { response: submitted } = await b.submitRestaurant(creditCode);
    expect(submitted.status).toBe(201);
    const tasks = await b.openTasks(submitted.body.processInstanceId, APPROVALS);
    return { id: submitted.body.id as string, instanceId: submitted.body.processInstanceId as string, food: tasks.Task_SH_SCJG_001_approve.id as string, fire: tasks.Task_SH_XF_003_approve.id as string };
  }

  async function requestCorrection(taskId: string, clerk: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/tasks/${taskId}/correction`).set('Authorization', await api.as(clerk)).send(body);
  }

  function supplement(applicationId: string, body: Record<string, unknown>) {
    return t.http.post(`/api/v1/applications/${applicationId}/supplements`).set('X-API-Key', t.apiKey).send(body);
  }

  const TWO_PROBLEMS = {
    items: [{ field: 'premises.areaM2', reason: '面积与平面图不符' }, { material: '经营场所平面布局图', reason: '平面图未标注操作间' }],
    deadlineDays: 5,
    comment: '请一次性补正以下两项。',
  };

  it('waits for the supplement with the clock paused, refuses a partial one, resumes the step with the diff, and is approved', async () => {
    // given
    const c = await restaurantCase();

    // when: the market-regulation clerk lists both problems at once
    const asked = await requestCorrection(c.food, MARKET, TWO_PROBLEMS);

    // then: the task waits in `correction`, cannot be completed, and the applicant sees the request with its deadline
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ state: 'correction', correction: { state: 'open', asked: TWO_PROBLEMS.items, deadlineDate: '2026-12-08' } });
    expect((await api.complete(c.food, MARKET, { approved: true })).status).toBe(409);
    const view = await b.application(c.id);
    expect(view.correction).toMatchObject({ item: 'SH-SCJG-001', items: TWO_PROBLEMS.items, deadlineDate: '2026-12-08', comment: '请一次性补正以下两项。' });
    expect(view.items.find((i: { item: string }) => i.item === 'SH-SCJG-001').state).toBe('correction');
    expect(JSON.stringify(view.correction)).not.toMatch(/clerk\.|Task_|[0-9a-f]{8}-[0-9a-f]{4}/);
    const db = inRoot(t.app).get(DataSource);
    expect(await db.query(`SELECT item, kind, resumed_at FROM case_clock_pause WHERE application_id = $1`, [c.id])).toEqual([{ item: 'SH-SCJG-001', kind: 'correction', resumed_at: null }]);

    // when: a partial supplement answers the area only, and wrongly
    const partial = await supplement(c.id, { form: { 'premises.areaM2': 'big' } });

    // then: 422 naming the invalid field and the missing material, nothing written
    expect(partial.status).toBe(422);
    expect(partial.body.details.problems).toEqual([
      expect.objectContaining({ field: 'premises.areaM2', reason: 'invalid' }),
      expect.objectContaining({ material: '经营场所平面布局图', reason: 'missing' }),
    ]);
    expect((await db.query(`SELECT form->'premises.areaM2' AS area FROM application WHERE id = $1`, [c.id]))[0].area).toBe(120);
    expect((await b.task(c.food, MARKET)).body.state).toBe('correction');

    // when: a day later the complete supplement arrives
    clock.advance(24 * 3600_000);
    const plan = await b.upload(PDF, '平面图-操作间.pdf');
    const complete = await supplement(c.id, { form: { 'premises.areaM2': 96 }, materials: [{ name: '经营场所平面布局图', attachmentId: plan.id }] });

    // then: the step is open again for the same department, with the changes as a diff
    expect(complete.status).toBe(200);
    const task = await b.task(c.food, MARKET);
    expect(task.body).toMatchObject({
      state: 'open', department: 'market-regulation',
      correction: { state: 'answered', asked: TWO_PROBLEMS.items, diff: [{ field: 'premises.areaM2', before: 120, after: 96 }] },
    });
    expect(task.body.step.materials.find((m: { name: string }) => m.name === '经营场所平面布局图')).toMatchObject({ status: 'uploaded', attachmentId: plan.id });
    expect((await b.application(c.id)).correction).toBeNull();
    const [pause] = await db.query(`SELECT paused_at, resumed_at FROM case_clock_pause WHERE application_id = $1`, [c.id]);
    expect(new Date(pause.resumed_at).getTime() - new Date(pause.paused_at).getTime()).toBe(24 * 3600_000);
    const history = await api.history(c.instanceId);
    expect(history.filter((h) => h.type === 'clock.paused' || h.type === 'clock.resumed').map((h) => [h.type, h.data?.kind])).toEqual([['clock.paused', 'correction'], ['clock.resumed', 'correction']]);

    // and a supplement once answered is 409
    expect((await supplement(c.id, { form: { 'premises.areaM2': 90 } })).status).toBe(409);

    // when: the department approves
    const approved = await api.complete(c.food, MARKET, { approved: true });

    // then
    expect(approved.status).toBe(200);
    await b.itemStates(c.id, { 'SH-SCJG-001': 'certificate-issued' });
  });

  it('ends the item terminated when the deadline passes unanswered, with the notice in the applicant view, once', async () => {
    // given: a request with one working day to answer
    const c = await restaurantCase();
    const asked = await requestCorrection(c.food, MARKET, { ...TWO_PROBLEMS, deadlineDays: 1 });
    expect(asked.status).toBe(200);

    // when: the clock passes the deadline (the end of the next working day)
    await advanceClock(t, 3 * 24 * 3600_000);

    // then: the step ended terminated, the applicant sees why, the clock pause ended
    const view = await b.itemStates(c.id, { 'SH-SCJG-001': 'terminated' });
    expect(view.items.find((i: { item: string }) => i.item === 'SH-SCJG-001')).toMatchObject({ decision: 'terminated', opinion: expect.stringContaining('补正期限届满') });
    expect(view.correction).toBeNull();
    expect((await b.task(c.food, MARKET)).body).toMatchObject({ state: 'completed', decision: 'terminated', correction: { state: 'expired' } });
    const db = inRoot(t.app).get(DataSource);
    expect((await db.query(`SELECT resumed_at FROM case_clock_pause WHERE application_id = $1`, [c.id]))[0].resumed_at).not.toBeNull();

    // and the case's outcome counts the item once the others are decided
    expect((await api.complete(c.fire, 'clerk.fire-rescue', { approved: true })).status).toBe(200);
    const tasks = await api.tasks(c.instanceId);
    const signboard = tasks.find((x) => x.elementId === 'Task_SH_LHSR_014_approve')!;
    expect((await api.complete(signboard.id, 'clerk.city-appearance', { approved: true })).status).toBe(200);
    const ended = await api.eventually(() => b.application(c.id), (a: { outcome: string | null }) => a.outcome !== null);
    expect(ended.outcome).toBe('partially-approved');

    // and a second delivery of the deadline changes nothing
    await inRoot(t.app).get(CorrectionDeadlineProcessor).handle({ correctionId: (await db.query(`SELECT id FROM case_correction WHERE application_id = $1`, [c.id]))[0].id });
    expect((await db.query(`SELECT count(*)::int AS n FROM history_event WHERE instance_id = $1 AND type = 'task.completed' AND data->>'decision' = 'terminated'`, [c.instanceId]))[0].n).toBe(1);
  });

  it('refuses a supplement after the deadline with 409', async () => {
    // given
    const c = await restaurantCase();
    expect((await requestCorrection(c.food, MARKET, { ...TWO_PROBLEMS, deadlineDays: 1 })).status).toBe(200);
    const plan = await b.upload(PDF, '平面图.pdf');

    // when: three days pass
    clock.advance(3 * 24 * 3600_000);
    const late = await supplement(c.id, { form: { 'premises.areaM2': 96 }, materials: [{ name: '经营场所平面布局图', attachmentId: plan.id }] });

    // then
    expect(late.status).toBe(409);
    expect((await b.task(c.food, MARKET)).body.state).toBe('correction');
  });

  it("refuses another department's clerk (403), unknown fields and materials (400), a completed task (409), changing nothing", async () => {
    // given
    const c = await restaurantCase();

    // when
    const otherDepartment = await requestCorrection(c.food, 'clerk.fire-rescue', TWO_PROBLEMS);
    const unknown = await requestCorrection(c.food, MARKET, { items: [{ field: 'signboard.text', reason: 'x' }, { material: '营业执照副本', reason: 'y' }, { field: 'premises.areaM2', reason: 'z' }], deadlineDays: 5 });
    expect((await api.complete(c.fire, 'clerk.fire-rescue', { approved: true })).status).toBe(200);
    const completed = await requestCorrection(c.fire, 'clerk.fire-rescue', { items: [{ field: 'fire.seats', reason: '座位数不符' }], deadlineDays: 5 });

    // then
    expect(otherDepartment.status).toBe(403);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'items[0].field', reason: 'unknown' }, { field: 'items[1].material', reason: 'unknown' }] } });
    expect(unknown.body.message).toContain('signboard.text');
    expect(unknown.body.message).toContain('营业执照副本');
    expect(completed.status).toBe(409);
    expect((await b.task(c.food, MARKET)).body.state).toBe('open');
    expect((await inRoot(t.app).get(DataSource).query(`SELECT count(*)::int AS n FROM case_correction WHERE application_id = $1`, [c.id]))[0].n).toBe(0);
    expect((await b.application(c.id)).correction).toBeNull();
  });

  it('withdraws the waiting task and the request with the case when the case is cancelled', async () => {
    // given
    const c = await restaurantCase();
    expect((await requestCorrection(c.food, MARKET, TWO_PROBLEMS)).status).toBe(200);

    // when
    const cancelled = await t.http.post(`/api/v1/process-instances/${c.instanceId}/cancel`).set('X-API-Key', t.apiKey);

    // then: the task is cancelled with the others, the applicant is no longer asked, a late supplement is 409
    expect(cancelled.status).toBe(200);
    expect((await b.task(c.food, MARKET)).body.state).toBe('cancelled');
    const view = await b.application(c.id);
    expect([view.outcome, view.correction]).toEqual(['withdrawn', null]);
    const plan = await b.upload(PDF, '平面图.pdf');
    expect((await supplement(c.id, { form: { 'premises.areaM2': 96 }, materials: [{ name: '经营场所平面布局图', attachmentId: plan.id }] })).status).toBe(409);
  });

  it('lets one of two concurrent correction requests win', async () => {
    // given
    const c = await restaurantCase();

    // when
    const both = await Promise.all([requestCorrection(c.food, MARKET, TWO_PROBLEMS), requestCorrection(c.food, MARKET, TWO_PROBLEMS)]);

    // then
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await inRoot(t.app).get(DataSource).query(`SELECT count(*)::int AS n FROM case_correction WHERE task_id = $1`, [c.food]))[0].n).toBe(1);
    expect((await inRoot(t.app).get(DataSource).query(`SELECT count(*)::int AS n FROM case_clock_pause WHERE application_id = $1`, [c.id]))[0].n).toBe(1);
  });
});
