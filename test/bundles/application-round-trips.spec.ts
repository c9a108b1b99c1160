import { regionContext, TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, PDF, restaurantForm } from './bundle-fixtures';

describe('round trips of an application start', () => {
  // a day whose working-day limits (deferred materials, the items' legal limits) end inside the calendar's known years
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock('2026-06-01T02:00:00Z') }));
  const b = new BundleClient(t, api);

  const sql = (text: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> => regionContext.runAsSystem(() => t.app.get(DataSource).query(text, params));

  /** Submits an open-restaurant application: its id, and the statements of the transaction that inserted it, START TRANSACTION to COMMIT. */
  async function statementsOfAcceptance(creditCode: string, attachmentId: string): Promise<{ id: string; statements: string[] }> {
    let id = '';
    const calls: Array<{ runner: unknown; sql: string }> = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
      calls.push({ runner: this, sql: sql.replace(/\s+/g, ' ').trim() });
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
    } as never);
    try {
      const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
        .map(([item, name]) => ({ item, name, attachmentId }));
      const response = await b.submit({
        bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
        deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
      });
      expect(response.status).toBe(201);
      id = (response.body as { id: string }).id;
    } finally {
      spy.mockRestore();
    }
    const insert = calls.findIndex((call) => call.sql.startsWith('INSERT INTO application '));
    const runner = calls[insert].runner;
    const own = calls.filter((call) => call.runner === runner).map((call) => call.sql);
    const from = own.lastIndexOf('START TRANSACTION', own.indexOf(calls[insert].sql));
    return { id, statements: own.slice(from, own.indexOf('COMMIT', from) + 1) };
  }

  it('accepts a case in one transaction of 12 statements that reads neither its application nor its clock pauses back: its task clocks and their warnings in one multi-row statement, the case\'s warnings in another, each group of durable messages in one statement, no NOTIFY inside the transaction', async () => {
    // given a company holding a business licence, and its upload
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const plan = await b.upload(PDF, '平面图.pdf');

    // when
    const { id, statements } = await statementsOfAcceptance(creditCode, plan.id);

    // then the case's clocks started (three items with time limits), its warnings and deadlines scheduled, in 12 statements
    // (48 when each warning and message had its own, 17 when each task clock had its insert and its warnings' insert)
    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements.at(-1)).toBe('COMMIT');
    expect(statements).toHaveLength(12);
    const clocks = statements.filter((text) => /INSERT INTO task_clock /.test(text));
    expect(clocks).toHaveLength(1);
    expect(clocks[0]).toMatch(/^WITH clocks AS \( INSERT INTO task_clock \(region, .* FROM unnest\(.*\) INSERT INTO clock_warning \(region, .* FROM unnest\(/);
    expect(statements.filter((text) => /INSERT INTO clock_warning /.test(text))).toHaveLength(1);
    expect(statements.filter((text) => text.startsWith('INSERT INTO case_clock_warning '))).toHaveLength(1);
    // the deferred material's deadline, the case's warnings, and the warnings of the three task clocks: a statement each
    const scheduled = statements.filter((text) => /^INSERT INTO outbox \(region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent\) .*(\$3, NULL, |m\.type, NULL, )/.test(text));
    expect(scheduled).toHaveLength(3);
    // and nothing written in the transaction is read back, and no NOTIFY inside it (the relays are signalled after COMMIT)
    expect(statements.filter((text) => /FROM application WHERE process_instance_id|FROM case_clock_pause|pg_notify/.test(text))).toEqual([]);

    // and every clock and level has its warning row, each one timed has its message, in the order of the plan
    const warnings = await sql(`SELECT id, item, level, due_at, generation FROM case_clock_warning WHERE application_id = $1`, [id]);
    expect(warnings).toHaveLength(12);
    expect(warnings.every((w) => w.generation === 0 && w.due_at !== null)).toBe(true);
    const messages = await sql(`SELECT payload FROM outbox WHERE topic = 'catalog.case-clock-warning' AND payload->>'warningId' = ANY($1::text[]) ORDER BY id`, [warnings.map((w) => w.id)]);
    expect(messages.map((m) => (m.payload as { warningId: string }).warningId).sort()).toEqual(warnings.map((w) => w.id as string).sort());
    const taskClocks = await sql(`SELECT c.region, count(w.id)::int AS warnings FROM task_clock c JOIN clock_warning w ON w.task_id = c.task_id AND w.region = c.region WHERE c.application_id = $1 GROUP BY c.task_id, c.region`, [id]);
    const [application] = await sql(`SELECT region FROM application WHERE id = $1`, [id]);
    expect(taskClocks).toEqual([1, 2, 3].map(() => ({ region: application.region, warnings: 3 })));
    const taskWarnings = await sql(`SELECT w.id FROM clock_warning w JOIN task_clock c ON c.task_id = w.task_id WHERE c.application_id = $1 AND w.due_at IS NOT NULL`, [id]);
    expect(taskWarnings).toHaveLength(9);
    const taskMessages = await sql(`SELECT payload->>'warningId' AS id FROM outbox WHERE topic = 'catalog.clock-warning' AND payload->>'warningId' = ANY($1::text[])`, [taskWarnings.map((w) => w.id)]);
    expect(taskMessages.map((m) => m.id).sort()).toEqual(taskWarnings.map((w) => w.id as string).sort());
    const deadlines = await sql(`SELECT payload FROM outbox WHERE topic = 'catalog.deferred-material-deadline' AND payload->>'applicationId' = $1`, [id]);
    // (the one deferred by the applicant and the one the bundle defers itself)
    expect(deadlines.map((d) => d.payload)).toEqual(expect.arrayContaining([{ applicationId: id, item: 'SH-SCJG-001', material: '食品安全管理制度' }]));
    expect(deadlines).toHaveLength(2);
  });
});
