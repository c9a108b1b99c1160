import { randomBytes } from 'node:crypto';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, JPEG, newCitizenId } from './bundle-fixtures';

const ACCOUNT = '6222020200112233445';

describe('per-step views of an edited bundle', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);

  it("masks a bank account for a step whose item does not ask for it, shows it to the step whose item does", async () => {
    // given: insurance ‖ social security, the designer also maps bank.account onto the social security step
    const designer = await api.as('designer');
    const code = `baby-cards-${randomBytes(3).toString('hex')}`;
    const created = await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '婴儿卡证', items: ['YB-CB-007', 'RS-SBK-002'] });
    expect(created.status).toBe(201);
    const xml = (created.body.bpmnXml as string).replace(
      'tongban:item="RS-SBK-002" tongban:fields="baby.name,',
      'tongban:item="RS-SBK-002" tongban:fields="bank.account,baby.name,',
    );
    expect((await t.http.put(`/api/v1/bundles/${code}/bpmn`).set('Authorization', designer).send({ bpmnXml: xml })).status).toBe(200);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).status).toBe(201);

    const parent = newCitizenId('19900909');
    const register = await b.registerCertificate({
      type: 'household-register', number: `H${parent.slice(-8)}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code: parent, name: '赵敏' }, data: { address: '上海市静安区1号' },
    });
    const photo = await b.upload(JPEG, 'photo.jpg');
    const form = {
      'baby.name': '赵小宝', 'baby.idNumber': newCitizenId('20261101'), 'baby.birthDate': '2026-11-01', 'baby.gender': '男', 'household.address': '上海市静安区1号',
      'bank.account': ACCOUNT, 'applicant.name': '赵敏', 'applicant.phone': '13700137000',
    };

    // when
    const response = await b.submit({ bundleCode: code, applicant: { type: 'citizen', code: parent, name: '赵敏' }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });
    expect(response.status).toBe(201);
    expect(response.body.exemptMaterials.map((e: { certificateId: string }) => e.certificateId)).toEqual([register.id, register.id]);
    const tasks = await b.openTasks(response.body.processInstanceId, ['Task_YB_CB_007_approve', 'Task_RS_SBK_002_approve']);

    // then: the social security clerk sees the account masked, the insurance clerk in full
    const card = await b.task(tasks.Task_RS_SBK_002_approve.id, 'clerk.human-resources');
    expect(card.body.step.fields.find((f: { key: string }) => f.key === 'bank.account')).toMatchObject({ value: '***************3445', masked: true });
    expect(JSON.stringify(card.body)).not.toContain(ACCOUNT);
    expect(JSON.stringify(card.body)).not.toContain(parent);
    const insurance = await b.task(tasks.Task_YB_CB_007_approve.id, 'clerk.medical-insurance');
    expect(insurance.body.step.fields.find((f: { key: string }) => f.key === 'bank.account')).toMatchObject({ value: ACCOUNT, masked: false });

    // and both reads are on the case, with what was shown masked
    const reads = (await api.history(response.body.processInstanceId)).filter((h) => h.type === 'personal-data.read');
    expect(reads.find((h) => h.actor === 'clerk.human-resources')?.data).toMatchObject({
      item: 'RS-SBK-002', personalFields: expect.arrayContaining([{ key: 'bank.account', pii: 'bank-account', masked: true }]), unmasked: ['baby.idNumber'],
    });
    expect(reads.find((h) => h.actor === 'clerk.medical-insurance')?.data).toMatchObject({ item: 'YB-CB-007', unmasked: expect.arrayContaining(['bank.account', 'baby.idNumber']) });
  });
});
