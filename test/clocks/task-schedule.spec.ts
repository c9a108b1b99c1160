import { TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { startTestApp, uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/** A Camunda 8 process with one user task carrying `zeebe:taskSchedule` and one with `tongban:timeLimitDays`. */
function scheduledProcess(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:tongban="http://tongban.dev/schema/bpmn" id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:userTask id="inspect" name="现场核查" tongban:department="fire-rescue">
      <bpmn:extensionElements>
        <zeebe:taskSchedule dueDate="2026-11-20T09:00:00+08:00" followUpDate="=date and time(inspectOn) - duration(&quot;P1D&quot;)" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="review" name="复核" tongban:department="fire-rescue" tongban:timeLimitDays="3" tongban:timeLimitUnit="calendar" />
    <bpmn:parallelGateway id="join" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="inspect" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="review" />
    <bpmn:sequenceFlow id="f4" sourceRef="inspect" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="join" />
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('task schedules and the calendar\'s last year', () => {
  const clock = new TestClock('2026-11-16T01:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));

  /** An open-restaurant case with every material handed in (nothing deferred, so no 容缺 deadline is counted at submission). */
  async function acceptRestaurant(): Promise<{ id: string; processInstanceId: string }> {
    const b = new BundleClient(t, api);
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const plan = await b.upload(PDF, '平面图.pdf');
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-SCJG-001', '食品安全管理制度'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
    const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials });
    expect(response.status).toBe(201);
    return response.body as { id: string; processInstanceId: string };
  }

  it('honours zeebe:taskSchedule dueDate and followUpDate and a natural-day tongban:timeLimitDays, and warns on the fixed due instant', async () => {
    // given a process deployed and started on Monday 16 November 2026, 09:00 Beijing time
    clock.set('2026-11-16T01:00:00Z');
    const key = uniqueKey('scheduled');
    await api.deploy(scheduledProcess(key));
    const started = await api.startWithKey(key, { inspectOn: '2026-11-19T14:00:00+08:00' });
    expect(started.status).toBe(201);
    const tasks = await api.eventually(() => api.tasks(started.body.id), (list) => list.length === 2);
    const read = async (elementId: string) => (await t.http.get(`/api/v1/tasks/${tasks.find((x) => x.elementId === elementId)!.id}`).set('Authorization', await api.as('supervisor'))).body;

    // when
    const inspect = await read('inspect');
    const review = await read('review');

    // then the inspection is due at the model's instant, followed up a day before the planned visit; the review in three natural days
    expect(inspect).toMatchObject({ dueAt: '2026-11-20T01:00:00.000Z', legalDueAt: '2026-11-20T01:00:00.000Z', followUpAt: '2026-11-18T06:00:00.000Z', remainingDays: 4, clockStatus: 'normal' });
    expect(review).toMatchObject({ dueAt: '2026-11-19T15:59:59.999Z', remainingDays: 3, limitUnit: 'natural-days' });

    // when the clock passes the inspection's due instant (Friday 20 November, 09:00)
    await advanceClock(t, 4 * 24 * 3600 * 1000 + 3600 * 1000);

    // then it went yellow, red and overdue, once each
    const levels = (await api.history(started.body.id)).filter((e) => e.type === 'clock.warning' && e.elementId === 'inspect').map((e) => e.data?.level);
    expect(levels).toEqual(['yellow', 'red', 'overdue']);
    expect((await read('inspect')).clockStatus).toBe('overdue');
  });

  it('counts what it can when limits reach into 2027, which the calendar does not know: a clock due on 31 December still goes overdue on New Year\'s Day', async () => {
    // given a case accepted on Thursday 24 December 2026: 消防's five working days end on Thursday 31 December
    clock.set('2026-12-24T02:00:00Z');
    const b = new BundleClient(t, api);
    const response = { body: await acceptRestaurant() };
    const tasks = await api.eventually(() => api.tasks(response.body.processInstanceId), (list) => list.length === 3);
    const fire = (await b.task(tasks.find((x) => x.department === 'fire-rescue')!.id, 'supervisor')).body;
    const market = (await b.task(tasks.find((x) => x.department === 'market-regulation')!.id, 'supervisor')).body;
    const caseClock = await t.http.get(`/api/v1/applications/${response.body.id}/clock`).set('Authorization', await api.as('supervisor'));
    // 消防's legal ten days and 食品经营许可's promised seven end in 2027: not counted, and said so
    expect(fire).toMatchObject({ dueAt: '2026-12-31T15:59:59.999Z', legalDueAt: null, remainingDays: 5 });
    expect(fire.clockProblem).toContain('2027');
    expect(market).toMatchObject({ dueAt: null, legalDueAt: null, remainingDays: null, clockStatus: 'normal' });
    expect(market.clockProblem).toContain('2027');
    // and the case's clock reads, each clock counted as far as the calendar knows, the rest named
    expect(caseClock.status).toBe(200);
    const item = (code: string) => caseClock.body.items.find((i: { item: string }) => i.item === code);
    expect(item('SH-XF-003')).toMatchObject({ dueDate: '2026-12-31', legalDueDate: null, legalDueAt: null, legalRemainingDays: null, remainingDays: 5 });
    expect(item('SH-XF-003').clockProblem).toContain('2027');
    expect(item('SH-SCJG-001')).toMatchObject({ dueDate: null, dueAt: null, remainingDays: null, legalDueAt: null, status: 'normal' });
    expect(item('SH-SCJG-001').clockProblem).toContain('2027');
    expect(caseClock.body.case).toMatchObject({ dueDate: null, dueAt: null, legalDueAt: null, remainingDays: null, criticalItem: null });
    expect(caseClock.body.case.clockProblem).toContain('2027');

    // when the clock passes into 2027 (Saturday 2 January)
    await advanceClock(t, 9 * 24 * 3600 * 1000);

    // then 消防 went yellow, red and overdue, 食品经营许可 did not warn; the task still reads, saying why it has no remaining days
    const levels = (await api.history(response.body.processInstanceId)).filter((e) => e.type === 'clock.warning' && e.data?.department === 'fire-rescue').map((e) => e.data?.level);
    expect(levels).toEqual(['yellow', 'red', 'overdue']);
    expect((await api.history(response.body.processInstanceId)).filter((e) => e.type === 'clock.warning' && e.data?.department === 'market-regulation')).toEqual([]);
    const late = await b.task(fire.id, 'supervisor');
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ remainingDays: null, clockStatus: 'overdue' });
    expect(late.body.clockProblem).toContain('2027');
  });
});
