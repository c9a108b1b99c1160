import { randomInt } from 'node:crypto';
import { citizenIdCheckChar, creditCodeCheckChar } from '@tongban/catalog';
import type { ApiClient } from '../support/api-client';
import type { TestApp } from '../support/test-app';

function digits(n: number): string {
  return Array.from({ length: n }, () => randomInt(10)).join('');
}

/** A unified social credit code no other run uses, with its GB 32100 check character. */
export function newCreditCode(): string {
  const first17 = `91310101${digits(9)}`;
  return first17 + creditCodeCheckChar(first17);
}

/** A citizen ID number no other run uses, with its GB 11643 check character. */
export function newCitizenId(birth = '19920315'): string {
  const first17 = `310104${birth}${digits(3)}`;
  return first17 + citizenIdCheckChar(first17);
}

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0 photo')]);

/** A valid merged form of the open-restaurant bundle for the company `creditCode`. */
export function restaurantForm(creditCode: string) {
  return {
    'company.name': '上海小笼包餐饮有限公司',
    'company.creditCode': creditCode,
    'company.legalRepresentative': '王小明',
    'premises.address': '上海市黄浦区南京东路100号',
    'premises.areaM2': 120,
    'food.categories': ['热食类', '冷食类'],
    'food.hasColdDishes': true,
    'applicant.name': '王小明',
    'applicant.phone': '13800138000',
    'signboard.text': '小笼包',
    'signboard.areaM2': 6,
    'fire.seats': 60,
  };
}

/** REST calls of the bundle specs. */
export class BundleClient {
  constructor(
    readonly t: TestApp,
    readonly api: ApiClient,
  ) {}

  async registerCertificate(body: Record<string, unknown>) {
    const response = await this.t.http.post('/api/v1/certificates').set('X-API-Key', this.t.apiKey).send(body);
    if (response.status !== 201) throw new Error(`certificate not registered: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; status: string };
  }

  async upload(content: Buffer, name: string) {
    const response = await this.t.http.post('/api/v1/attachments').set('X-API-Key', this.t.apiKey).attach('file', content, name);
    if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; sha256: string; mediaType: string };
  }

  /** The company's business licence on file: it exempts a material of every open-restaurant item. */
  registerBusinessLicence(creditCode: string, validUntil = '2044-02-29') {
    return this.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil,
      holder: { codeType: '001', code: creditCode, name: '上海小笼包餐饮有限公司' }, data: { companyName: '上海小笼包餐饮有限公司', creditCode },
    });
  }

  /** The company's open-restaurant application: one upload (`plan`) for every key material, the food-safety rules deferred (容缺). */
  async submitRestaurant(creditCode: string) {
    const plan = await this.upload(PDF, '平面图.pdf');
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
    const response = await this.submit({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
    });
    return { plan, response };
  }

  submit(body: Record<string, unknown>) {
    return this.t.http.post('/api/v1/applications').set('X-API-Key', this.t.apiKey).send(body);
  }

  async application(id: string) {
    return (await this.t.http.get(`/api/v1/applications/${id}`).set('X-API-Key', this.t.apiKey)).body;
  }

  async task(id: string, as: string) {
    return this.t.http.get(`/api/v1/tasks/${id}`).set('Authorization', await this.api.as(as));
  }

  /** Waits until the case's open tasks are exactly those of `elementIds`. */
  async openTasks(instanceId: string, elementIds: string[]) {
    const tasks = await this.api.eventually(
      () => this.api.tasks(instanceId),
      (list) => JSON.stringify(list.filter((x) => x.state === 'open').map((x) => x.elementId).sort()) === JSON.stringify([...elementIds].sort()),
    );
    return Object.fromEntries(tasks.filter((x) => x.state === 'open').map((x) => [x.elementId, x]));
  }

  /** Waits until the case shows `state` for every item listed. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async itemStates(applicationId: string, states: Record<string, string>): Promise<any> {
    return this.api.eventually(
      () => this.application(applicationId),
      (a: { items: Array<{ item: string; state: string }> }) => Object.entries(states).every(([item, state]) => a.items.find((i) => i.item === item)?.state === state),
    );
  }
}
