import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, PDF, restaurantForm } from './bundle-fixtures';

describe('round trips of an application start', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);

  /** Submits an open-restaurant application: the statements of the transaction that inserted it, START TRANSACTION to COMMIT. */
  async function statementsOfAcceptance(creditCode: string, attachmentId: string): Promise<string[]> {
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
    } finally {
      spy.mockRestore();
    }
    const insert = calls.findIndex((call) => call.sql.startsWith('INSERT INTO application '));
    const runner = calls[insert].runner;
    const own = calls.filter((call) => call.runner === runner).map((call) => call.sql);
    const from = own.lastIndexOf('START TRANSACTION', own.indexOf(calls[insert].sql));
    return own.slice(from, own.indexOf('COMMIT', from) + 1);
  }

  it('accepts a case in one transaction that reads neither its application nor its clock pauses back, and schedules each durable message in one statement with its notification', async () => {
    // given a company holding a business licence, and its upload
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const plan = await b.upload(PDF, '平面图.pdf');

    // when
    const statements = await statementsOfAcceptance(creditCode, plan.id);

    // then the case's clocks started (three items with time limits), its warnings and deadlines scheduled
    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements.at(-1)).toBe('COMMIT');
    expect(statements.filter((sql) => sql.startsWith('INSERT INTO task_clock '))).toHaveLength(3);
    const scheduled = statements.filter((sql) => /INSERT INTO outbox \(queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent\) VALUES \(\$1, \$2, \$3, NULL,/.test(sql));
    expect(scheduled.length).toBeGreaterThan(10);
    for (const sql of scheduled) expect(sql).toMatch(/^WITH scheduled AS \(INSERT INTO outbox .*\) SELECT pg_notify\(\$8, \$1\)$/);
    // and nothing written in the transaction is read back
    expect(statements.filter((sql) => /FROM application WHERE process_instance_id|FROM case_clock_pause|^SELECT pg_notify/.test(sql))).toEqual([]);
  });
});
