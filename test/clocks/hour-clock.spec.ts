import { randomBytes } from 'node:crypto';
import { TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode, PDF } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { supervisedCase } from './support/clock-cases';

const HOUR = 3600 * 1000;

/** A 秒办/即办-style item promised within 4 working hours (legal: 8), approved by the market-regulation department. */
function hourItem(code: string) {
  return {
    code, name: `即办事项 ${code}`, type: '公共服务', department: 'market-regulation', legalDays: 8, promisedDays: 4, dayUnit: 'working-hours',
    fields: ['company.name', 'company.creditCode', 'applicant.name'], materials: [{ name: '申请书', key: true }],
  };
}

describe('a limit in working hours over REST', () => {
  // Friday 4 December 2026, 16:00 Beijing time
  const clock = new TestClock('2026-12-04T08:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  /** A case of a new 4 working-hour item (in a new bundle), accepted at the clock's instant. */
  async function acceptHourCase(): Promise<{ id: string; processInstanceId: string; code: string }> {
    const designer = await api.as('designer');
    const code = `JB-${randomBytes(3).toString('hex').toUpperCase()}`;
    expect((await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send(hourItem(code))).status).toBe(201);
    const bundle = `hours-${randomBytes(3).toString('hex')}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: bundle, name: '即办', items: [code] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${bundle}/deploy`).set('Authorization', designer)).status).toBe(201);
    const creditCode = newCreditCode();
    const pdf = await b.upload(PDF, '申请书.pdf');
    const submitted = await b.submit({
      bundleCode: bundle, applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' },
      form: { 'company.name': '上海小笼包餐饮有限公司', 'company.creditCode': creditCode, 'applicant.name': '王小明' },
      materials: [{ item: code, name: '申请书', attachmentId: pdf.id }],
    });
    expect(submitted.status).toBe(201);
    return { ...(submitted.body as { id: string; processInstanceId: string }), code };
  }

  it('is due Monday 12:00 when accepted Friday 16:00, turns yellow, red and overdue in order, and shows hours on the clock and the task', async () => {
    // given an item of 4 working hours in a deployed bundle, and a case accepted Friday 4 December 2026 at 16:00
    clock.set('2026-12-04T08:00:00Z');
    const { id, processInstanceId, code } = await acceptHourCase();
    const supervisor = await api.as('supervisor');
    const read = async () => (await t.http.get(`/api/v1/applications/${id}/clock`).set('Authorization', supervisor)).body;
    const warnings = async () => (await api.history(processInstanceId)).filter((e) => e.type === 'case-clock.warning' && e.data?.scope === 'item').map((e) => [e.data?.level, e.at]);

    // when read at once
    await advanceClock(t, 0);
    const fresh = await read();

    // then due Monday 7 December 12:00 (one hour on Friday, three on Monday), legally Monday 16:00, 4 hours left
    expect(fresh.items[0]).toMatchObject({
      item: code, unit: 'working-hours', promisedHours: 4, legalHours: 8, remainingHours: 4, elapsedHours: 0, status: 'normal',
      dueAt: '2026-12-07T04:00:00.000Z', legalDueAt: '2026-12-07T08:00:00.000Z', dueDate: '2026-12-07',
    });
    expect(fresh.case).toMatchObject({ dueAt: '2026-12-07T04:00:00.000Z', legalDueAt: '2026-12-07T08:00:00.000Z', remainingHours: 4, status: 'normal' });
    const tasks = await api.eventually(() => api.tasks(processInstanceId), (list) => list.length > 0);
    const task = (await b.task(tasks[0].id, 'supervisor')).body;
    expect(task).toMatchObject({ limitUnit: 'working-hours', remainingHours: 4, dueAt: '2026-12-07T04:00:00.000Z', clockStatus: 'normal' });

    // when the clock reaches Monday 09:30 (2.5 hours left), 10:00, 11:00 and 12:00:01
    await advanceClock(t, 65.5 * HOUR);
    const monday = await read();
    await advanceClock(t, 0.5 * HOUR);
    const yellow = await read();
    await advanceClock(t, HOUR);
    const red = await read();
    await advanceClock(t, HOUR + 1000);
    const overdue = await read();

    // then it went yellow at 10:00, red at 11:00 and overdue after 12:00, each recorded once in that order, and supervision lists it overdue
    expect([monday.items[0].status, monday.items[0].remainingHours]).toEqual(['normal', 2.5]);
    expect([yellow.items[0].status, yellow.case.status]).toEqual(['yellow', 'yellow']);
    expect([red.items[0].status, red.items[0].remainingHours]).toEqual(['red', 1]);
    expect([overdue.items[0].status, overdue.case.status]).toEqual(['overdue', 'overdue']);
    expect(await supervisedCase(t, api, 'status=overdue', id)).toBeDefined();
    expect(await warnings()).toEqual([
      ['yellow', '2026-12-07T02:00:00.000Z'], ['red', '2026-12-07T03:00:00.000Z'], ['overdue', '2026-12-07T04:00:01.000Z'],
    ]);
  });

  it('stops for the working hours a pause runs: the due instant of the item and of its task move out by them', async () => {
    // given a case accepted Friday 4 December 2026 at 16:00, paused for an inspection at 16:30
    clock.set('2026-12-04T08:00:00Z');
    const { id, processInstanceId } = await acceptHourCase();
    const supervisor = await api.as('supervisor');
    await advanceClock(t, 0.5 * HOUR);
    const pause = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', supervisor).send({ kind: 'inspection', reason: '现场核查' });
    expect(pause.status).toBe(201);

    // when it resumes Monday 7 December at 10:00 (1.5 working hours later) and the clock is read at 11:00
    await advanceClock(t, 65.5 * HOUR);
    expect((await t.http.post(`/api/v1/applications/${id}/clock/pauses/${pause.body.id}/resume`).set('Authorization', supervisor)).status).toBe(200);
    await advanceClock(t, HOUR);
    const read = (await t.http.get(`/api/v1/applications/${id}/clock`).set('Authorization', supervisor)).body;

    // then due 13:30 instead of 12:00, 2.5 hours left, and not yellow (the warnings moved with it)
    expect(read.items[0]).toMatchObject({ pausedHours: 1.5, elapsedHours: 1.5, remainingHours: 2.5, dueAt: '2026-12-07T05:30:00.000Z', status: 'normal' });
    const tasks = await api.tasks(processInstanceId);
    expect((await b.task(tasks[0].id, 'supervisor')).body).toMatchObject({ dueAt: '2026-12-07T05:30:00.000Z', remainingHours: 2.5, clockStatus: 'normal' });
    expect((await api.history(processInstanceId)).filter((e) => e.type === 'case-clock.warning')).toEqual([]);
  });
});
