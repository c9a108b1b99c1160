import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';

export const BIRTH = 'Task_WJ_CSYX_001_approve';

/**
 * A new-baby (出生一件事) case for a fresh mother; `decide` refuses the birth certificate so the case
 * ends `rejected` at once (its later items skipped).
 */
export async function newBabyCase(b: BundleClient, decide: boolean): Promise<{ id: string; processInstanceId: string; applicantCode: string }> {
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
  if (response.status !== 201) throw new Error(`case not accepted: ${response.status} ${JSON.stringify(response.body)}`);
  const tasks = await b.openTasks(response.body.processInstanceId, [BIRTH]);
  if (decide) {
    const refusal = await b.t.http.post(`/api/v1/tasks/${tasks[BIRTH].id}/complete`).set('Authorization', await b.api.as('clerk.health'))
      .send({ decision: 'reject', comment: '出生医学证明信息与医院记录不符。' });
    if (refusal.status !== 200) throw new Error(`not decided: ${refusal.status}`);
    await b.api.eventually(() => b.application(response.body.id), (a: { outcome: string | null }) => a.outcome === 'rejected');
  }
  return { id: response.body.id, processInstanceId: response.body.processInstanceId, applicantCode: mother };
}
