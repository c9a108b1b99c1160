import { randomBytes } from 'node:crypto';
import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';
import { useTestApp } from '../support/use-test-app';

describe('who sees which case data of applications', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);
  let applicationId: string;
  let applicantCode: string;

  const get = async (path: string, as: string) => t.http.get(path).set('Authorization', await api.as(as));
  const auditOf = async (target: string) =>
    (await get(`/api/v1/identity-audit?target=${encodeURIComponent(target)}&action=personal-data.read`, 'admin')).body.items as { actor: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    // given: a medical insurance ‖ social security case of a citizen, 赵敏
    const designer = await api.as('designer');
    const code = `privacy-${randomBytes(3).toString('hex')}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '婴儿卡证', items: ['YB-CB-007', 'RS-SBK-002'] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).status).toBe(201);
    applicantCode = newCitizenId('19900909');
    await b.registerCertificate({
      type: 'household-register', number: `H${applicantCode.slice(-8)}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code: applicantCode, name: '赵敏' }, data: { address: '上海市静安区1号' },
    });
    const photo = await b.upload(JPEG, 'photo.jpg');
    const form = {
      'baby.name': '赵小宝', 'baby.idNumber': newCitizenId('20261101'), 'baby.birthDate': '2026-11-01', 'baby.gender': '男', 'household.address': '上海市静安区1号',
      'bank.account': '6222020200112233445', 'applicant.name': '赵敏', 'applicant.phone': '13700137000',
    };
    const submitted = await b.submit({ bundleCode: code, applicant: { type: 'citizen', code: applicantCode, name: '赵敏' }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });
    expect(submitted.status).toBe(201);
    applicationId = submitted.body.id;
  });

  it("shows a supervisor the applicant's name masked, and audits the read", async () => {
    // when
    const response = await get(`/api/v1/applications/${applicationId}`, 'supervisor');

    // then
    expect(response.status).toBe(200);
    expect(response.body.applicant).toEqual({ type: 'citizen', name: '赵*' });
    expect(await auditOf(`application:${applicationId}`)).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'supervisor', details: { masked: true } })]));
  });

  it('unmasks for a supervisor who gives a reason, and keeps the reason in the audit log', async () => {
    // when
    const response = await get(`/api/v1/applications/${applicationId}?unmask=true&reason=${encodeURIComponent('投诉核查 2026-118')}`, 'supervisor');

    // then
    expect(response.status).toBe(200);
    expect(response.body.applicant.name).toBe('赵敏');
    expect(await auditOf(`application:${applicationId}`)).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'supervisor', details: { masked: false, reason: '投诉核查 2026-118' } })]));
  });

  it('refuses an unmask without a reason, and one by a clerk', async () => {
    // when
    const noReason = await get(`/api/v1/applications/${applicationId}?unmask=true`, 'admin');
    const clerk = await get(`/api/v1/applications/${applicationId}?unmask=true&reason=because`, 'clerk.medical-insurance');

    // then
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'UNMASK_REASON_REQUIRED', details: { parameter: 'reason' } });
    expect(clerk.status).toBe(403);
  });

  it('shows a clerk only cases with a step of their department', async () => {
    // when
    const own = await get(`/api/v1/applications/${applicationId}`, 'clerk.medical-insurance');
    const other = await get(`/api/v1/applications/${applicationId}`, 'clerk.tax');

    // then
    expect(own.status).toBe(200);
    expect(own.body.applicant.name).toBe('赵敏');
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('赵敏');
  });

  it('shows designers no case data at all', async () => {
    // when
    const one = await get(`/api/v1/applications/${applicationId}`, 'designer');
    const list = await get('/api/v1/applications', 'designer');

    // then
    expect(one.status).toBe(403);
    expect(list.status).toBe(403);
  });

  it('lets a clerk not look cases up by ID number, and audits a supervisor who does', async () => {
    // when
    const clerk = await get(`/api/v1/applications?applicantCode=${applicantCode}`, 'clerk.medical-insurance');
    const supervisor = await get(`/api/v1/applications?applicantCode=${applicantCode}`, 'supervisor');

    // then
    expect(clerk.status).toBe(403);
    expect(clerk.body.details).toEqual({ parameter: 'applicantCode' });
    expect(supervisor.status).toBe(200);
    expect(supervisor.body.items.map((a: { id: string; applicant: { name: string } }) => [a.id, a.applicant.name])).toEqual([[applicationId, '赵*']]);
    expect(await auditOf('applications')).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'supervisor', details: { applications: [applicationId], lookup: 'applicantCode', masked: true } }),
    ]));
  });
});
