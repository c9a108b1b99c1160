import { CaseClockWarningProcessor } from '@tongban/catalog';
import { QueueProducer, TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { ApiClient } from '../support/api-client';
import { notificationsOfCase } from '../support/notifications';
import { inRoot } from '../support/root-scope';
import { startTestApp, type TestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const DAY = 24 * 3600 * 1000;

/** An open-restaurant case accepted now, every material handed in: 食品经营许可 (7 working days), 招牌 (5), 消防 (5). */
async function acceptRestaurant(b: BundleClient): Promise<{ id: string; processInstanceId: string }> {
  const creditCode = newCreditCode();
  await b.registerBusinessLicence(creditCode);
  const plan = await b.upload(PDF, '平面图.pdf');
  const materials = [
    ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-SCJG-001', '食品安全管理制度'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-LHSR-014', '场所使用证明'],
    ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
  ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
  const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials });
  expect(response.status).toBe(201);
  return response.body as { id: string; processInstanceId: string };
}

/** The case and item clock warnings of a case's history, as `scope:item:level`. */
async function caseWarnings(api: ApiClient, instanceId: string): Promise<string[]> {
  return (await api.history(instanceId)).filter((e) => e.type === 'case-clock.warning').map((e) => `${e.data?.scope}:${e.data?.item ?? '-'}:${e.data?.level}`).sort();
}

describe('warnings of the clocks of a case and its items', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);
  const read = async (id: string) => (await t.http.get(`/api/v1/applications/${id}/clock`).set('Authorization', await api.as('supervisor'))).body;

  it('turns the case and each item yellow, red and overdue once each as durable warnings, held while an item is paused and never for an item that ended', async () => {
    // given a case accepted on Friday 27 November 2026; 消防 pauses for an inspection on Monday 30 November
    clock.set('2026-11-27T02:00:00Z');
    const { id, processInstanceId } = await acceptRestaurant(b);
    await advanceClock(t, 3 * DAY);
    const fire = await api.as('clerk.fire-rescue');
    const pause = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', fire).send({ kind: 'inspection', item: 'SH-XF-003', reason: '现场核查' });
    expect(pause.status).toBe(201);

    // when the clock reaches Thursday 3 December, one working day before 招牌 is due
    await advanceClock(t, 3 * DAY);

    // then 招牌 and the case (its worst running item) are yellow, recorded once each; the paused 消防 holds its warnings
    expect(await caseWarnings(api, processInstanceId)).toEqual(['case:-:yellow', 'item:SH-LHSR-014:yellow']);
    const yellow = await read(id);
    expect(yellow.case.status).toBe('yellow');
    expect(yellow.items.find((i: { item: string }) => i.item === 'SH-LHSR-014').status).toBe('yellow');
    const notes = await notificationsOfCase(t, api, id, 'clerk.city-appearance');
    expect(notes.filter((n) => n.title.startsWith('事项'))).toHaveLength(1);

    // when 消防 resumes on 3 December (due 9 December now), the market department approves 食品经营许可 (due 8 December),
    // and the clock passes Friday 4 December, then Tuesday 8 December
    expect((await t.http.post(`/api/v1/applications/${id}/clock/pauses/${pause.body.id}/resume`).set('Authorization', fire)).status).toBe(200);
    const food = (await api.tasks(processInstanceId)).find((x) => x.department === 'market-regulation')!;
    expect((await api.complete(food.id as string, 'clerk.market-regulation', { approved: true })).status).toBe(200);
    await b.itemStates(id, { 'SH-SCJG-001': 'certificate-issued' });
    await advanceClock(t, 2 * DAY);
    await advanceClock(t, 3 * DAY); // Tuesday 8 December, 10:00

    // then 招牌 and the case went red and overdue once each, 消防 turned yellow on its moved day, and the approved item never warned
    expect(await caseWarnings(api, processInstanceId)).toEqual([
      'case:-:overdue', 'case:-:red', 'case:-:yellow', 'item:SH-LHSR-014:overdue', 'item:SH-LHSR-014:red', 'item:SH-LHSR-014:yellow', 'item:SH-XF-003:yellow',
    ]);
    const history = (await api.history(processInstanceId)).filter((e) => e.type === 'case-clock.warning' && e.data?.item === 'SH-XF-003');
    expect(history.map((e) => [e.actor, e.data?.department, e.data?.at])).toEqual([['system:clock', 'fire-rescue', '2026-12-07T16:00:00.000Z']]);
  });
});

describe('case clock warnings after a loss of Redis', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  it('re-creates a warning from PostgreSQL when Redis lost its job', async () => {
    // given a case accepted on Friday 27 November 2026 whose case clock warning jobs Redis lost
    const { id, processInstanceId } = await acceptRestaurant(b);
    await advanceClock(t, 0);
    const queue = t.app.get(QueueProducer).queue('catalog.case-clock-warning');
    for (const job of await queue.getJobs(['delayed', 'waiting'])) await job.remove();

    // when the clock passes Thursday 3 December and the sweep runs
    await advanceClock(t, 6 * DAY);
    const lost = await caseWarnings(api, processInstanceId);
    expect(await inRoot(t.app).get(CaseClockWarningProcessor).sweep([id])).toBeGreaterThan(0);
    await advanceClock(t, 0);

    // then the warnings fired once after all
    expect(lost).toEqual([]);
    expect(await caseWarnings(api, processInstanceId)).toEqual(['case:-:yellow', 'item:SH-LHSR-014:yellow', 'item:SH-XF-003:yellow']);
  });
});

describe('case clock warnings across a restart', () => {
  it('fires a case warning scheduled before the app stopped once the restarted app\'s clock passes it, exactly once', async () => {
    // given a case accepted on Friday 27 November 2026 by an app that then stops
    const clock = new TestClock('2026-11-27T02:00:00Z');
    const first = await startTestApp({ clock });
    let second: TestApp | undefined;
    try {
      const { processInstanceId } = await acceptRestaurant(new BundleClient(first, new ApiClient(first)));
      await advanceClock(first, 0);
      await first.app.close();

      // when the app starts again on the same queues and its clock passes Thursday 3 December, twice
      second = await startTestApp({ clock, queuePrefix: first.queuePrefix });
      const api2 = new ApiClient(second);
      await advanceClock(second, 6 * DAY);
      await advanceClock(second, 3600 * 1000);

      // then the case and its two five-day items turned yellow, once each
      expect(await caseWarnings(api2, processInstanceId)).toEqual(['case:-:yellow', 'item:SH-LHSR-014:yellow', 'item:SH-XF-003:yellow']);
    } finally {
      await second?.close();
    }
  });
});
