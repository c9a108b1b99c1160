import { randomBytes } from 'node:crypto';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, PDF } from './bundle-fixtures';

function suffix(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

function item(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code, name: `测试事项 ${code}`, type: '行政许可', department: 'market-regulation', legalDays: 20, promisedDays: 5, dayUnit: 'working',
    fields: ['company.name', 'company.creditCode', 'applicant.name'], materials: [{ name: '营业执照', key: true, satisfiedBy: 'business-licence' }], ...overrides,
  };
}

describe('catalogue, bundles and attachments over REST', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);

  it('serves the seeded catalogue to every authenticated user and keeps a version per change', async () => {
    // given
    const clerk = await api.as('clerk.health');
    const designer = await api.as('designer');
    const items = await t.http.get('/api/v1/catalog/items').set('Authorization', clerk);
    expect(items.status).toBe(200);
    expect(items.body.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['SH-SCJG-001', 'WJ-CSYX-001']));
    expect((await t.http.get('/api/v1/catalog/fields/mother.idNumber').set('Authorization', clerk)).body).toMatchObject({ key: 'mother.idNumber', pii: 'id-number', version: expect.any(Number) });
    expect((await t.http.get('/api/v1/catalog/certificate-types/business-licence').set('Authorization', clerk)).body).toMatchObject({ code: '2001', issuerCode: '310000SCJG' });
    expect((await t.http.get('/api/v1/catalog/items')).status).toBe(401);

    // when: a clerk tries to write, a designer adds an item and changes it twice (once identically)
    const code = `T-${suffix()}`;
    expect((await t.http.post('/api/v1/catalog/items').set('Authorization', clerk).send(item(code))).status).toBe(403);
    const created = await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send(item(code));
    const changed = await t.http.put(`/api/v1/catalog/items/${code}`).set('Authorization', designer).send(item(code, { promisedDays: 3 }));
    const same = await t.http.put(`/api/v1/catalog/items/${code}`).set('Authorization', designer).send(item(code, { promisedDays: 3 }));

    // then
    expect([created.status, created.body.version]).toEqual([201, 1]);
    expect([changed.status, changed.body.version, changed.body.promisedDays]).toEqual([200, 2, 3]);
    expect(same.body.version).toBe(2);
    const read = await t.http.get(`/api/v1/catalog/items/${code}`).set('Authorization', clerk);
    expect(read.body).toMatchObject({ code, promisedDays: 3, version: 2, history: [{ version: 2, updatedBy: 'designer' }, { version: 1, updatedBy: 'designer' }] });
    expect((await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send(item(code))).status).toBe(409);
    const again = await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send(item(code, { promisedDays: 3 }));
    expect([again.status, again.body.version]).toEqual([201, 2]);
  });

  it('refuses bad catalogue entries with 4xx naming what is wrong', async () => {
    const designer = await api.as('designer');
    const code = `T-${suffix()}`;
    const shape = await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send({ ...item(code), dayUnit: 'fortnight', promisedDays: -1 });
    expect(shape.status).toBe(400);
    expect(shape.body.message).toMatch(/dayUnit/);
    expect(shape.body.message).toMatch(/promisedDays/);
    const reference = await t.http.post('/api/v1/catalog/items').set('Authorization', designer)
      .send(item(code, { fields: ['company.name', 'no.such.field'], materials: [{ name: '证', key: true, satisfiedBy: 'no-such-certificate' }] }));
    expect(reference.status).toBe(400);
    expect(reference.body.code).toBe('CATALOG_INVALID');
    expect(reference.body.message).toContain('no.such.field');
    expect(reference.body.message).toContain('no-such-certificate');
    expect((await t.http.get(`/api/v1/catalog/items/${code}`).set('Authorization', designer)).status).toBe(404);
    const field = await t.http.post('/api/v1/catalog/fields').set('Authorization', designer).send({ key: `x.${suffix()}`, label: { zh: '某', en: 'Some' }, type: 'colour' });
    expect(field.status).toBe(400);
    expect(field.body.message).toContain('type');
  });

  it('composes a bundle, refuses unknown items and cycles naming them, lets the designer edit and deploy its BPMN', async () => {
    const designer = await api.as('designer');
    const s = suffix();

    // unknown items
    const unknown = await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: `b-${s}`, name: 'x', items: ['SH-SCJG-001', 'NOPE-1'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'CATALOG_UNKNOWN_REFERENCE', details: { items: ['NOPE-1'] } });

    // a cycle: A needs B's certificate and B needs A's
    for (const [type, code] of [[`ca-${s}`, `A${s}`], [`cb-${s}`, `B${s}`]]) {
      const r = await t.http.post('/api/v1/catalog/certificate-types').set('Authorization', designer)
        .send({ type, code, name: type, issuer: '某局', issuerCode: `X${s}`, holderCodeType: '001', fields: [{ key: 'companyName', formField: 'company.name' }] });
      expect(r.status).toBe(201);
    }
    await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send(item(`A-${s}`, { result: `ca-${s}`, materials: [{ name: 'B 证', key: true, satisfiedBy: `cb-${s}` }] }));
    await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send(item(`B-${s}`, { department: 'fire-rescue', result: `cb-${s}`, materials: [{ name: 'A 证', key: true, satisfiedBy: `ca-${s}` }] }));
    const cycle = await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: `cyc-${s}`, name: 'cycle', items: [`A-${s}`, `B-${s}`] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.code).toBe('BUNDLE_CYCLE');
    expect(cycle.body.details.items.sort()).toEqual([`A-${s}`, `B-${s}`]);

    // a good bundle with an explicit ordering
    const code = `b-${s}`;
    const created = await t.http.post('/api/v1/bundles').set('Authorization', designer)
      .send({ code, name: '测试一件事', items: [`A-${s}`, 'SH-XF-003'], dependsOn: [{ item: 'SH-XF-003', on: `A-${s}` }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, processKey: `bundle-${code}`, items: [`A-${s}`, 'SH-XF-003'], layers: [[`A-${s}`], ['SH-XF-003']], deployed: null });
    expect(created.body.form.fields.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['company.name', 'fire.seats']));
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: 'again', items: ['SH-XF-003'] })).status).toBe(409);
    const repeated = await t.http.post('/api/v1/bundles').set('Authorization', designer)
      .send({ code, name: '测试一件事', items: [`A-${s}`, 'SH-XF-003'], dependsOn: [{ item: 'SH-XF-003', on: `A-${s}` }] });
    expect([repeated.status, repeated.body.version]).toEqual([201, 1]);
    const shipped = await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: 'open-restaurant', name: '我要开餐馆 / Open a restaurant', items: ['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003'] });
    expect(shipped.status).toBe(201);
    expect(shipped.body.savings).toMatchObject({ fieldsSeparately: 23, fieldsOnce: 12, daysSeparately: 17, daysBundle: 7 });
    expect((await t.http.post('/api/v1/bundles').set('X-API-Key', t.apiKey).send({ code: `c-${s}`, name: 'x', items: ['SH-XF-003'] })).status).toBe(403);
    const listed = await t.http.get('/api/v1/bundles').set('X-API-Key', t.apiKey);
    expect(listed.body.items.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['new-baby', 'open-restaurant', code]));

    // not deployed yet: no application
    const early = await b.submit({ bundleCode: code, applicant: { type: 'company', code: '91310101000000000X', name: 'x' }, form: {} });
    expect(early.status).toBe(409);

    // the designer's edits must keep the process id and the tongban steps
    const xml = created.body.bpmnXml as string;
    const renamed = await t.http.put(`/api/v1/bundles/${code}/bpmn`).set('Authorization', designer).send({ bpmnXml: xml.replaceAll(`bundle-${code}`, 'other-process') });
    expect(renamed.status).toBe(400);
    expect(renamed.body.message).toContain(`bundle-${code}`);
    const stripped = await t.http.put(`/api/v1/bundles/${code}/bpmn`).set('Authorization', designer).send({ bpmnXml: xml.replaceAll('tongban.certificate.issue', 'some.other.job') });
    expect(stripped.status).toBe(400);
    expect(stripped.body.details.problems.map((p: { item: string }) => p.item).sort()).toEqual([`A-${s}`, 'SH-XF-003']);
    const broken = await t.http.put(`/api/v1/bundles/${code}/bpmn`).set('Authorization', designer).send({ bpmnXml: '<definitions>' });
    expect(broken.status).toBe(400);
    const edited = await t.http.put(`/api/v1/bundles/${code}/bpmn`).set('Authorization', designer).send({ bpmnXml: xml.replace('name="测试一件事"', 'name="测试一件事（修订）"') });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ bpmnEdited: true, version: 2 });

    // deploy: a version; deploying again unchanged keeps it
    const deployed = await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer);
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ processKey: `bundle-${code}`, version: 1 });
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).body.version).toBe(1);
    const definitions = await t.http.get(`/api/v1/process-definitions?key=bundle-${code}`).set('Authorization', designer);
    expect(definitions.body.items).toHaveLength(1);
    expect((await t.http.get(`/api/v1/bundles/${code}`).set('X-API-Key', t.apiKey)).body.deployed).toEqual({ definitionId: deployed.body.definitionId, version: 1 });

    // composing again from the catalogue: a new bundle version, regenerated BPMN, deployed as version 2
    const recomposed = await t.http.put(`/api/v1/bundles/${code}`).set('Authorization', designer).send({ name: '测试一件事', items: [`A-${s}`, 'SH-XF-003', 'SH-LHSR-014'] });
    expect(recomposed.status).toBe(200);
    expect(recomposed.body).toMatchObject({ version: 3, bpmnEdited: false, items: [`A-${s}`, 'SH-XF-003', 'SH-LHSR-014'], deployed: { version: 1 } });
    expect(recomposed.body.bpmnXml).toContain('Task_SH_LHSR_014_approve');
    const creditCode = newCreditCode();
    const beforeDeploy = await b.submit({
      bundleCode: code, applicant: { type: 'company', code: creditCode, name: '某公司' },
      form: { 'company.name': '某公司', 'company.creditCode': creditCode, 'applicant.name': '张三', 'applicant.phone': '13800000000', 'premises.address': '某路1号', 'premises.areaM2': 50, 'fire.seats': 20 },
    });
    expect(beforeDeploy.status).toBe(422);
    expect([...new Set(beforeDeploy.body.details.notice.missing.map((m: { item: string }) => m.item))].sort()).toEqual([`A-${s}`, 'SH-XF-003']);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).body.version).toBe(2);
    expect((await t.http.put(`/api/v1/bundles/${code}`).set('Authorization', designer).send({ name: 'x', items: ['NOPE'] })).status).toBe(400);
    expect((await t.http.put(`/api/v1/bundles/no-such-${s}`).set('Authorization', designer).send({ name: 'x', items: ['SH-XF-003'] })).status).toBe(404);
  });

  it('checks attachments by their bytes and size', async () => {
    const pdf = await b.upload(PDF, '布局图.pdf');
    expect(pdf).toMatchObject({ id: expect.any(String), name: '布局图.pdf', size: PDF.length, mediaType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const content = await t.http.get(`/api/v1/attachments/${pdf.id}/content`).set('X-API-Key', t.apiKey);
    expect(Buffer.from(content.body).equals(PDF)).toBe(true);

    const exe = await t.http.post('/api/v1/attachments').set('X-API-Key', t.apiKey).attach('file', Buffer.from('MZ\x90\x00\x03'), 'scan.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', details: { detected: 'application/x-msdownload' } });
    expect(exe.body.message).toContain('application/x-msdownload');

    const huge = await t.http.post('/api/v1/attachments').set('X-API-Key', t.apiKey).attach('file', Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]), 'huge.pdf');
    expect(huge.status).toBe(413);
    expect((await t.http.post('/api/v1/attachments').set('X-API-Key', t.apiKey).field('x', 'y')).status).toBe(400);
  });

  it('registers certificates with a checked identifier and reads their status', async () => {
    const holder = `91310101${suffix()}${suffix().slice(0, 3)}X`;
    const registered = await t.http.post('/api/v1/certificates').set('X-API-Key', t.apiKey).send({
      type: 'business-licence', number: `SH${suffix()}`, issuer: '上海市市场监督管理局', issuedAt: '2010-01-01T00:00:00+08:00', validUntil: '2020-12-31',
      holder: { codeType: '001', code: holder, name: '老字号' }, data: {},
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ status: 'expired', recordedStatus: 'valid', id: expect.stringMatching(/^1\.2\.156\.3005\.2\.2001\.310000SCJG\./) });
    expect((await t.http.get(`/api/v1/certificates/${registered.body.id}`).set('X-API-Key', t.apiKey)).body.status).toBe('expired');
    expect((await t.http.get(`/api/v1/certificates?holderCode=${holder}`).set('X-API-Key', t.apiKey)).body.total).toBe(1);
    const renewed = await t.http.post('/api/v1/certificates').set('X-API-Key', t.apiKey).send({
      type: 'business-licence', number: registered.body.number, issuer: '上海市市场监督管理局', issuedAt: '2021-01-01T00:00:00+08:00', validUntil: '2041-12-31',
      holder: { codeType: '001', code: holder, name: '老字号' }, status: 'suspended',
    });
    expect(renewed.body).toMatchObject({ id: registered.body.id, status: 'suspended', created: false });
    expect((await t.http.get(`/api/v1/certificates?holderCode=${holder}`).set('X-API-Key', t.apiKey)).body.items).toEqual([expect.objectContaining({ validUntil: '2041-12-31', status: 'suspended' })]);
    const wrongHolder = await t.http.post('/api/v1/certificates').set('X-API-Key', t.apiKey).send({
      type: 'business-licence', number: `SH${suffix()}`, issuer: 'x', issuedAt: '2010-01-01T00:00:00Z', holder: { codeType: '111', code: holder, name: 'x' },
    });
    expect(wrongHolder.status).toBe(400);
    const unknownType = await t.http.post('/api/v1/certificates').set('X-API-Key', t.apiKey).send({
      type: 'dog-licence', number: '1', issuer: 'x', issuedAt: '2010-01-01T00:00:00Z', holder: { codeType: '111', code: holder, name: 'x' },
    });
    expect([unknownType.status, unknownType.body.details.field]).toEqual([400, 'type']);
    expect((await t.http.post('/api/v1/certificates').set('Authorization', await api.as('designer')).send({})).status).toBe(403);
  });
});
