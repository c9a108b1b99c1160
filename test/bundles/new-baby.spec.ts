import { useTestApp } from '../support/use-test-app';
import { BundleClient, JPEG, newCitizenId } from './bundle-fixtures';

const BIRTH = 'Task_WJ_CSYX_001_approve';
const HOUSEHOLD = 'Task_GA_HJ_021_approve';
const INSURANCE = 'Task_YB_CB_007_approve';
const CARD = 'Task_RS_SBK_002_approve';

describe('new-baby (出生一件事): certificates chain through the case', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);

  it('saves fields 31 → 10 and days 11 → 9', async () => {
    const savings = await t.http.get('/api/v1/bundles/new-baby/savings').set('X-API-Key', t.apiKey);
    expect(savings.body).toEqual({
      fieldsSeparately: 31, fieldsOnce: 10, materialsSeparately: 9, materialsToSubmit: 1, departments: 4, visitsSeparately: 4, visitsBundle: 1, daysSeparately: 11, daysBundle: 9, autoApprovedItems: [],
    });
  });

  it('birth certificate → household registration → medical insurance ‖ social security card', async () => {
    // given: the parents' ID cards, marriage certificate and household register on file
    const mother = newCitizenId('19930512');
    const father = newCitizenId('19910304');
    const baby = newCitizenId('20261120');
    const idCard = (code: string, name: string) => ({
      type: 'id-card', number: code, issuer: '上海市公安局徐汇分局', issuedAt: '2020-01-01T00:00:00+08:00', validUntil: '2040-01-01', holder: { codeType: '111', code, name }, data: { name, idNumber: code },
    });
    const motherCard = await b.registerCertificate(idCard(mother, '张丽'));
    const fatherCard = await b.registerCertificate(idCard(father, '李强'));
    const marriage = await b.registerCertificate({
      type: 'marriage-certificate', number: `J${mother.slice(-8)}`, issuer: '徐汇区民政局', issuedAt: '2022-05-20T10:00:00+08:00', holder: { codeType: '111', code: mother, name: '张丽' }, data: { holderA: '张丽', holderB: '李强' },
    });
    const parentsRegister = await b.registerCertificate({
      type: 'household-register', number: `H${mother.slice(-8)}`, issuer: '上海市公安局', issuedAt: '2022-06-01T10:00:00+08:00', holder: { codeType: '111', code: mother, name: '张丽' }, data: { address: '上海市徐汇区漕溪北路1号' },
    });
    const photo = await b.upload(JPEG, 'photo.jpg');
    const form = {
      'baby.name': '李小宝', 'baby.idNumber': baby, 'baby.birthDate': '2026-11-20', 'baby.gender': '女', 'mother.idNumber': mother, 'father.idNumber': father,
      'applicant.name': '张丽', 'applicant.phone': '13900139000', 'household.address': '上海市徐汇区漕溪北路1号', 'bank.account': '6222020200112233445',
    };

    // when: the mother applies once
    const response = await b.submit({ bundleCode: 'new-baby', applicant: { type: 'citizen', code: mother, name: '张丽' }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });

    // then: the certificates on file are exempt, those the case will issue are pending, one photo is uploaded
    expect(response.status).toBe(201);
    const exempt = response.body.exemptMaterials.map((e: { item: string; name: string; certificateId: string }) => `${e.item}:${e.name}:${e.certificateId}`).sort();
    expect(exempt).toEqual([
      `GA-HJ-021:父母居民户口簿:${parentsRegister.id}`, `GA-HJ-021:结婚证:${marriage.id}`,
      `WJ-CSYX-001:母亲身份证:${motherCard.id}`, `WJ-CSYX-001:父亲身份证:${fatherCard.id}`, `WJ-CSYX-001:结婚证:${marriage.id}`,
    ].sort());
    expect(response.body.pendingMaterials.map((p: { item: string; name: string; issuedBy: string }) => `${p.item}:${p.name}<-${p.issuedBy}`).sort()).toEqual([
      'GA-HJ-021:出生医学证明<-WJ-CSYX-001', 'RS-SBK-002:居民户口簿<-GA-HJ-021', 'YB-CB-007:居民户口簿<-GA-HJ-021',
    ]);
    expect(response.body.missingMaterials).toEqual([]);
    const { id, processInstanceId } = response.body as { id: string; processInstanceId: string };

    // step 1: the hospital issues the birth medical certificate
    const first = await b.openTasks(processInstanceId, [BIRTH]);
    expect((await b.itemStates(id, { 'WJ-CSYX-001': 'in-progress', 'GA-HJ-021': 'waiting', 'YB-CB-007': 'waiting', 'RS-SBK-002': 'waiting' })).pendingMaterials[0]).toMatchObject({ satisfied: false });
    expect((await api.complete(first[BIRTH].id, 'clerk.health', { approved: true })).status).toBe(200);

    // step 2: public security sees the certificate just issued as the household registration's material
    const second = await b.openTasks(processInstanceId, [HOUSEHOLD]);
    const afterBirth = await b.itemStates(id, { 'WJ-CSYX-001': 'certificate-issued', 'GA-HJ-021': 'in-progress' });
    const birthCertificate = afterBirth.items[0].certificate;
    expect(birthCertificate.id).toMatch(/^1\.2\.156\.3005\.2\.1201\.310000WJ\.\d{8}\.1\.[0-9A-Z]$/);
    const household = await b.task(second[HOUSEHOLD].id, 'clerk.public-security');
    expect(household.body.step.materials.find((m: { name: string }) => m.name === '出生医学证明')).toMatchObject({ status: 'issued', certificateId: birthCertificate.id, issuedBy: 'WJ-CSYX-001' });
    expect(household.body.step.certificates.find((c: { id: string }) => c.id === birthCertificate.id)).toMatchObject({
      type: 'birth-medical-certificate', status: 'valid', data: { babyName: '李小宝', motherIdNumber: mother },
    });
    expect(household.body.step.fields.find((f: { key: string }) => f.key === 'mother.idNumber')).toMatchObject({ value: mother, masked: false });
    expect((await api.complete(second[HOUSEHOLD].id, 'clerk.public-security', { approved: true })).status).toBe(200);

    // step 3: medical insurance and social security run in parallel on the new household register
    const third = await b.openTasks(processInstanceId, [INSURANCE, CARD]);
    const afterHousehold = await b.itemStates(id, { 'GA-HJ-021': 'certificate-issued', 'YB-CB-007': 'in-progress', 'RS-SBK-002': 'in-progress' });
    const newRegister = afterHousehold.items[1].certificate;
    expect(newRegister.id).not.toBe(parentsRegister.id);
    expect(afterHousehold.pendingMaterials.every((p: { satisfied: boolean }) => p.satisfied)).toBe(true);
    const insurance = await b.task(third[INSURANCE].id, 'clerk.medical-insurance');
    const step = insurance.body.step;
    expect(step.materials).toEqual([expect.objectContaining({ name: '居民户口簿', status: 'issued', certificateId: newRegister.id })]);
    expect(step.fields.map((f: { key: string }) => f.key).sort()).toEqual(['applicant.name', 'applicant.phone', 'baby.birthDate', 'baby.idNumber', 'baby.name', 'bank.account', 'household.address']);
    expect(step.fields.find((f: { key: string }) => f.key === 'bank.account')).toMatchObject({ value: '6222020200112233445', masked: false });
    expect(JSON.stringify(insurance.body)).not.toContain(father);
    expect(JSON.stringify(insurance.body)).not.toContain(mother);
    expect(step.certificates[0].holder).toEqual({ codeType: '111', code: baby, name: '李小宝' });
    const card = await b.task(third[CARD].id, 'clerk.human-resources');
    expect(card.body.step.fields.map((f: { key: string }) => f.key)).not.toContain('bank.account');
    expect(JSON.stringify(card.body)).not.toContain('6222020200112233445');
    const asClerk = await t.http.get(`/api/v1/process-instances/${processInstanceId}`).set('Authorization', await api.as('clerk.medical-insurance'));
    expect(asClerk.status).toBe(200);
    expect(asClerk.body.variables.form).toBeUndefined();
    expect(JSON.stringify(asClerk.body)).not.toContain(mother);
    expect((await api.instance(processInstanceId)).variables.form['mother.idNumber']).toBe(mother);
    expect((await api.complete(third[INSURANCE].id, 'clerk.medical-insurance', { approved: true })).status).toBe(200);
    expect((await api.complete(third[CARD].id, 'clerk.human-resources', { approved: true })).status).toBe(200);

    // then: four certificates issued to the baby, none to the mother who applied, the case completed
    const done = await b.itemStates(id, { 'WJ-CSYX-001': 'certificate-issued', 'GA-HJ-021': 'certificate-issued', 'YB-CB-007': 'certificate-issued', 'RS-SBK-002': 'certificate-issued' });
    const completed = await api.eventually(() => b.application(id), (a) => a.state === 'completed');
    expect(completed.outcome).toBe('approved');
    expect(done.applicant).toEqual({ type: 'citizen', name: '张丽' });
    const issuedTo = async (holderCode: string) => (await t.http.get(`/api/v1/certificates?holderCode=${holderCode}`).set('X-API-Key', t.apiKey)).body.items
      .filter((c: { issuedBy?: { applicationId: string } }) => c.issuedBy?.applicationId === id);
    const issued = await issuedTo(baby);
    expect(issued.map((c: { type: string }) => c.type).sort()).toEqual(['birth-medical-certificate', 'household-register', 'medical-insurance-card', 'social-security-card']);
    expect(issued.map((c: { holder: unknown }) => c.holder)).toEqual(Array(4).fill({ codeType: '111', code: baby, name: '李小宝' }));
    expect(await issuedTo(mother)).toEqual([]);
    const reads = (await api.history(processInstanceId)).filter((h) => h.type === 'personal-data.read');
    expect(reads.map((h) => h.actor).sort()).toEqual(['clerk.human-resources', 'clerk.medical-insurance', 'clerk.public-security']);
  });

  it('ends the case rejected when the birth certificate is refused: the later items are skipped', async () => {
    const mother = newCitizenId('19940404');
    for (const [type, number] of [['id-card', mother], ['household-register', `H${mother.slice(-8)}`]]) {
      await b.registerCertificate({ type, number, issuer: '公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code: mother, name: '孙丽' } });
    }
    const photo = await b.upload(JPEG, 'photo.jpg');
    const form = {
      'baby.name': '孙小宝', 'baby.idNumber': newCitizenId('20261118'), 'baby.birthDate': '2026-11-18', 'baby.gender': '男', 'mother.idNumber': mother,
      'applicant.name': '孙丽', 'applicant.phone': '13900139002', 'household.address': '上海市徐汇区2号',
    };
    const response = await b.submit({ bundleCode: 'new-baby', applicant: { type: 'citizen', code: mother, name: '孙丽' }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });
    expect(response.status).toBe(201);
    const tasks = await b.openTasks(response.body.processInstanceId, [BIRTH]);
    const refusal = await t.http.post(`/api/v1/tasks/${tasks[BIRTH].id}/complete`).set('Authorization', await api.as('clerk.health'))
      .send({ decision: 'reject', comment: '出生医学证明信息与医院记录不符。' });
    expect(refusal.status).toBe(200);
    const progress = await b.itemStates(response.body.id, { 'WJ-CSYX-001': 'rejected', 'GA-HJ-021': 'skipped', 'YB-CB-007': 'skipped', 'RS-SBK-002': 'skipped' });
    expect(progress.state).not.toBe('active');
    expect(progress.outcome).toBe('rejected');
    expect(progress.items[0]).toMatchObject({ decision: 'rejected', opinion: '出生医学证明信息与医院记录不符。' });
    expect(progress.pendingMaterials.every((p: { satisfied: boolean }) => !p.satisfied)).toBe(true);
  });

  it('does not exempt with a certificate that is expired or held by someone else', async () => {
    const mother = newCitizenId('19950101');
    const stranger = newCitizenId('19800101');
    await b.registerCertificate({
      type: 'id-card', number: mother, issuer: '公安局', issuedAt: '2000-01-01T00:00:00+08:00', validUntil: '2020-01-01', holder: { codeType: '111', code: mother, name: '王芳' },
    });
    await b.registerCertificate({
      type: 'household-register', number: `H${stranger.slice(-8)}`, issuer: '公安局', issuedAt: '2010-01-01T00:00:00+08:00', holder: { codeType: '111', code: stranger, name: '路人' },
    });
    const form = {
      'baby.name': '王小宝', 'baby.idNumber': newCitizenId('20261120'), 'baby.birthDate': '2026-11-20', 'baby.gender': '男', 'mother.idNumber': mother,
      'applicant.name': '王芳', 'applicant.phone': '13900139001', 'household.address': '上海市徐汇区1号',
    };
    const response = await b.submit({ bundleCode: 'new-baby', applicant: { type: 'citizen', code: mother, name: '王芳' }, form, materials: [] });
    expect(response.status).toBe(422);
    const missing = response.body.details.notice.missing.map((m: { item: string; name: string; reason: string }) => `${m.item}:${m.name}:${m.reason}`).sort();
    expect(missing).toEqual(['GA-HJ-021:父母居民户口簿:not-provided', 'RS-SBK-002:免冠照片:not-provided', 'WJ-CSYX-001:母亲身份证:certificate-not-valid']);
  });
});
