import { DataSource } from 'typeorm';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, PDF, restaurantForm } from './bundle-fixtures';
import { inRoot } from '../support/root-scope';

describe('POST /applications with an Idempotency-Key', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);
  let db: DataSource;

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
  });

  /** A complete open-restaurant submission of a new company (its business licence on file). */
  async function restaurantSubmission() {
    const creditCode = newCreditCode();
    await b.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00',
      holder: { codeType: '001', code: creditCode, name: '某餐饮公司' },
    });
    const plan = await b.upload(PDF, 'plan.pdf');
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
    return { creditCode, body: { bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '某餐饮公司' }, form: restaurantForm(creditCode), materials } };
  }

  function submit(body: Record<string, unknown>, key: string) {
    return t.http.post('/api/v1/applications').set('X-API-Key', t.apiKey).set('Idempotency-Key', key).send(body);
  }

  async function casesOf(creditCode: string): Promise<number> {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM application WHERE applicant_code = $1`, [creditCode]);
    return n;
  }

  it('answers a repeated submission with the first answer and creates one case', async () => {
    // given
    const { creditCode, body } = await restaurantSubmission();
    const key = `submit-${creditCode}`;
    const first = await submit(body, key);
    expect(first.status).toBe(201);

    // when
    const again = await submit(body, key);

    // then
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await casesOf(creditCode)).toBe(1);
  });

  it('refuses another submission under a used key with 422 and creates nothing more', async () => {
    // given
    const { creditCode, body } = await restaurantSubmission();
    const key = `submit-${creditCode}`;
    expect((await submit(body, key)).status).toBe(201);

    // when
    const other = await submit({ ...body, form: { ...body.form, 'fire.seats': 61 } }, key);

    // then
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await casesOf(creditCode)).toBe(1);
  });

  it('creates one case of concurrent duplicates', async () => {
    // given
    const { creditCode, body } = await restaurantSubmission();
    const key = `submit-${creditCode}`;

    // when
    const answers = await Promise.all([1, 2, 3, 4].map(() => submit(body, key)));

    // then
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await casesOf(creditCode)).toBe(1);
  });
});
