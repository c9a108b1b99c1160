import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClock } from '@tongban/runtime';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, JPEG, newCitizenId, newCreditCode, PDF } from './bundle-fixtures';

/** One shipped national bundle: who applies, what they hold and upload, and what the case must do. */
interface NationalCase {
  code: string;
  /** The savings `workflows/README.md` lists for the bundle. */
  savings: Record<string, number | string[]>;
  applicant: 'company' | 'citizen';
  /** The merged form; `$company`, `$citizen` and `$other` stand for generated codes. */
  form: Record<string, unknown>;
  /** Certificate types the applicant (or the person the form field names) already holds. */
  held: Array<{ type: string; holderField?: string }>;
  /** Key materials no certificate replaces, uploaded as `item:name`. */
  uploads: string[];
  /** Non-key materials left out, accepted missing (容缺) within the item's promised time limit, as `item:name`. */
  deferred: string[];
  /** Materials a certificate issued earlier in the same case satisfies, as `item:name<-issuing item`. */
  pending: string[];
  /** Departments with open approvals, step by step, when every open approval of a step is approved. */
  steps: Array<Record<string, string>>;
  /** Certificate types the case issues, by the form field whose code holds them. */
  issued: Record<string, string[]>;
}

const approval = (item: string) => `Task_${item.replace(/-/g, '_')}_approve`;
const COMPANY = { 'company.name': '上海申通货运有限公司', 'company.creditCode': '$company', 'applicant.name': '陈建国', 'applicant.phone': '13800138001' };
const CITIZEN = { 'applicant.name': '刘芳', 'applicant.idNumber': '$citizen', 'applicant.phone': '13900139011' };

const CASES: NationalCase[] = [
  {
    code: 'open-transport-company',
    savings: { fieldsSeparately: 26, fieldsOnce: 11, materialsSeparately: 9, materialsToSubmit: 5, departments: 3, visitsSeparately: 4, visitsBundle: 1, daysSeparately: 7, daysBundle: 6, autoApprovedItems: [] },
    applicant: 'company',
    form: {
      ...COMPANY, 'company.legalRepresentative': '陈建国', 'premises.address': '上海市宝山区沪太路1000号', 'transport.vehicleCount': 5, 'bank.account': '6222020200112233001',
      'vehicle.plateNumber': '沪D12345', 'vehicle.type': '重型货车', 'vehicle.totalMassKg': 25000,
    },
    held: [{ type: 'business-licence' }],
    uploads: ['JT-DLYS-001:安全生产管理制度文本', 'JT-DLYS-001:拟投入车辆承诺书', 'JT-DLYS-002:机动车行驶证'],
    deferred: ['JT-DLYS-001:驾驶人员从业资格证', 'JT-DLYS-002:车辆技术等级评定证明'],
    pending: ['JT-DLYS-002:道路运输经营许可证<-JT-DLYS-001'],
    steps: [{ 'JT-DLYS-001': 'transport', 'SW-XBNS-001': 'tax', 'RS-DWCB-001': 'human-resources' }, { 'JT-DLYS-002': 'transport' }],
    issued: { 'company.creditCode': ['road-transport-certificate', 'road-transport-permit'] },
  },
  {
    code: 'company-change',
    savings: { fieldsSeparately: 32, fieldsOnce: 8, materialsSeparately: 7, materialsToSubmit: 2, departments: 5, visitsSeparately: 5, visitsBundle: 1, daysSeparately: 4, daysBundle: 2, autoApprovedItems: [] },
    applicant: 'company',
    form: {
      ...COMPANY, 'company.legalRepresentative': '陈建国', 'premises.address': '上海市宝山区沪太路2000号', 'change.matters': ['住所', '法定代表人'],
      'change.description': '住所由沪太路1000号变更为沪太路2000号；法定代表人由陈建国变更为陈立。',
    },
    held: [{ type: 'business-licence' }],
    uploads: ['SH-SCJG-BG-001:股东会决议或股东决定'],
    deferred: ['SH-SCJG-BG-001:修改后的公司章程或章程修正案'],
    pending: ['GJJ-DWBG-001:营业执照<-SH-SCJG-BG-001', 'RS-DWBG-001:营业执照<-SH-SCJG-BG-001', 'SW-BGDJ-001:营业执照<-SH-SCJG-BG-001', 'YB-DWBG-001:营业执照<-SH-SCJG-BG-001'],
    steps: [
      { 'SH-SCJG-BG-001': 'market-regulation' },
      { 'SW-BGDJ-001': 'tax', 'RS-DWBG-001': 'human-resources', 'GJJ-DWBG-001': 'housing-fund', 'YB-DWBG-001': 'medical-insurance' },
    ],
    issued: { 'company.creditCode': ['business-licence'] },
  },
  {
    code: 'close-business',
    savings: { fieldsSeparately: 23, fieldsOnce: 7, materialsSeparately: 7, materialsToSubmit: 2, departments: 4, visitsSeparately: 4, visitsBundle: 1, daysSeparately: 3, daysBundle: 2, autoApprovedItems: [] },
    applicant: 'company',
    form: { ...COMPANY, 'company.legalRepresentative': '陈建国', 'closure.reason': '股东会决议解散', 'closure.liquidationDate': '2026-11-30' },
    held: [{ type: 'business-licence' }],
    uploads: ['SH-SCJG-ZX-001:清算报告', 'SH-SCJG-ZX-001:股东会决议或股东决定'],
    deferred: [],
    pending: ['SH-SCJG-ZX-001:清税证明<-SW-QS-001'],
    steps: [{ 'SW-QS-001': 'tax', 'RS-DWZX-001': 'human-resources', 'GJJ-DWZX-001': 'housing-fund' }, { 'SH-SCJG-ZX-001': 'market-regulation' }],
    issued: { 'company.creditCode': ['deregistration-notice', 'tax-clearance-certificate'] },
  },
  {
    code: 'credit-repair',
    savings: { fieldsSeparately: 21, fieldsOnce: 7, materialsSeparately: 8, materialsToSubmit: 3, departments: 3, visitsSeparately: 3, visitsBundle: 1, daysSeparately: 13, daysBundle: 5, autoApprovedItems: [] },
    applicant: 'company',
    form: { ...COMPANY, 'penalty.decisionNumber': '沪市监处〔2025〕123号', 'penalty.fulfilledOn': '2025-06-30', 'repair.scope': ['行政处罚信息', '经营异常名录', '纳税信用'] },
    held: [{ type: 'business-licence' }],
    uploads: ['FG-XYXF-001:履行行政处罚决定的证明材料', 'FG-XYXF-001:信用修复承诺书', 'SH-JYYC-001:信用修复承诺书', 'SW-NSXY-001:信用修复承诺书'],
    deferred: ['SH-JYYC-001:年度报告补报材料'],
    pending: [],
    steps: [{ 'FG-XYXF-001': 'development-reform', 'SH-JYYC-001': 'market-regulation', 'SW-NSXY-001': 'tax' }],
    issued: { 'company.creditCode': ['credit-repair-decision'] },
  },
  {
    code: 'utility-connections',
    savings: { fieldsSeparately: 25, fieldsOnce: 10, materialsSeparately: 10, materialsToSubmit: 4, departments: 4, visitsSeparately: 4, visitsBundle: 1, daysSeparately: 22, daysBundle: 7, autoApprovedItems: [] },
    applicant: 'company',
    form: {
      ...COMPANY, 'premises.address': '上海市浦东新区张江路88号', 'utility.powerKw': 100, 'utility.waterPipe': 'DN50', 'utility.gasM3PerMonth': 1200,
      'excavation.lengthM': 30, 'excavation.days': 5,
    },
    held: [{ type: 'business-licence' }],
    uploads: ['GD-DYBZ-001:报装地址物业权属证明', 'GS-BZ-001:报装地址物业权属证明', 'RQ-BZ-001:报装地址物业权属证明', 'ZJ-DLWJ-001:施工图及交通组织方案'],
    deferred: ['RQ-BZ-001:用气设备清单', 'ZJ-DLWJ-001:施工安全承诺书'],
    pending: [],
    steps: [{ 'ZJ-DLWJ-001': 'housing-construction', 'GD-DYBZ-001': 'power-supply', 'GS-BZ-001': 'water-supply', 'RQ-BZ-001': 'gas-supply' }],
    issued: { 'company.creditCode': ['road-excavation-permit'] },
  },
  {
    code: 'school-enrolment',
    savings: { fieldsSeparately: 18, fieldsOnce: 9, materialsSeparately: 6, materialsToSubmit: 2, departments: 3, visitsSeparately: 3, visitsBundle: 1, daysSeparately: 15, daysBundle: 10, autoApprovedItems: [] },
    applicant: 'citizen',
    form: {
      ...CITIZEN, 'child.name': '王小明', 'child.idNumber': '$other', 'child.birthDate': '2020-06-01', 'enrolment.stage': '小学一年级',
      'household.address': '上海市静安区南京西路1号', 'residence.address': '上海市静安区南京西路1号',
    },
    held: [{ type: 'id-card' }, { type: 'real-estate-certificate' }, { type: 'household-register', holderField: 'child.idNumber' }],
    uploads: ['WJ-YFJZ-001:预防接种证'],
    deferred: ['JY-RXBM-001:居住证'],
    pending: ['JY-RXBM-001:社会保险参保证明<-RS-CBZM-001'],
    steps: [{ 'RS-CBZM-001': 'human-resources', 'WJ-YFJZ-001': 'health' }, { 'JY-RXBM-001': 'education' }],
    issued: { 'applicant.idNumber': ['social-insurance-record'], 'child.idNumber': ['enrolment-notice'] },
  },
  {
    code: 'retirement',
    savings: { fieldsSeparately: 18, fieldsOnce: 8, materialsSeparately: 5, materialsToSubmit: 2, departments: 3, visitsSeparately: 3, visitsBundle: 1, daysSeparately: 10, daysBundle: 10, autoApprovedItems: [] },
    applicant: 'citizen',
    form: {
      ...CITIZEN, 'employer.name': '上海申通货运有限公司', 'retiree.retirementDate': '2026-12-31', 'retiree.type': '法定退休年龄退休',
      'bank.account': '6222020200112233002', 'housingFund.account': '310012345678',
    },
    held: [{ type: 'id-card' }],
    uploads: ['RS-TX-001:职工档案'],
    deferred: ['RS-TX-001:弹性退休协商一致书面材料'],
    pending: ['GJJ-TXTQ-001:职工基本养老保险待遇核定表<-RS-TX-001', 'YB-TXDY-001:职工基本养老保险待遇核定表<-RS-TX-001'],
    steps: [{ 'RS-TX-001': 'human-resources' }, { 'YB-TXDY-001': 'medical-insurance', 'GJJ-TXTQ-001': 'housing-fund' }],
    issued: { 'applicant.idNumber': ['pension-approval'] },
  },
  {
    code: 'disability-services',
    savings: { fieldsSeparately: 18, fieldsOnce: 8, materialsSeparately: 5, materialsToSubmit: 2, departments: 3, visitsSeparately: 3, visitsBundle: 1, daysSeparately: 25, daysBundle: 20, autoApprovedItems: [] },
    applicant: 'citizen',
    form: {
      ...CITIZEN, 'disability.category': '肢体残疾', 'disability.level': '二级', 'household.address': '上海市普陀区曹杨路1号', 'household.lowIncome': true,
      'bank.account': '6222020200112233003',
    },
    held: [{ type: 'id-card' }],
    uploads: ['CL-CJRZ-001:残疾评定结论', 'CL-CJRZ-001:近期免冠照片'],
    deferred: [],
    pending: ['MZ-LXBT-001:残疾人证<-CL-CJRZ-001', 'RS-DJ-001:残疾人证<-CL-CJRZ-001'],
    steps: [{ 'CL-CJRZ-001': 'disabled-persons-federation' }, { 'MZ-LXBT-001': 'civil-affairs', 'RS-DJ-001': 'human-resources' }],
    issued: { 'applicant.idNumber': ['disability-certificate'] },
  },
  {
    code: 'after-death',
    savings: { fieldsSeparately: 37, fieldsOnce: 9, materialsSeparately: 11, materialsToSubmit: 2, departments: 5, visitsSeparately: 5, visitsBundle: 1, daysSeparately: 12, daysBundle: 6, autoApprovedItems: [] },
    applicant: 'citizen',
    form: {
      ...CITIZEN, 'deceased.name': '刘国强', 'deceased.idNumber': '$other', 'deceased.deathDate': '2026-11-28', 'deceased.deathPlace': '医疗机构',
      'applicant.relationship': '子女', 'bank.account': '6222020200112233004',
    },
    held: [{ type: 'id-card' }, { type: 'id-card', holderField: 'deceased.idNumber' }],
    uploads: ['RS-SZFX-001:亲属关系证明', 'YB-ZHJC-001:亲属关系证明', 'GJJ-SWTQ-001:亲属关系证明'],
    deferred: ['GA-HJZX-001:逝者居民户口簿', 'GJJ-SWTQ-001:继承权公证书或法院判决书'],
    pending: [
      'GA-HJZX-001:居民死亡医学证明(推断)书<-WJ-SWZM-001', 'GJJ-SWTQ-001:注销户口证明<-GA-HJZX-001', 'RS-SZFX-001:注销户口证明<-GA-HJZX-001', 'YB-ZHJC-001:注销户口证明<-GA-HJZX-001',
    ],
    steps: [
      { 'WJ-SWZM-001': 'health' }, { 'GA-HJZX-001': 'public-security' },
      { 'RS-SZFX-001': 'human-resources', 'YB-ZHJC-001': 'medical-insurance', 'GJJ-SWTQ-001': 'housing-fund' },
    ],
    issued: { 'deceased.idNumber': ['death-medical-certificate', 'household-cancellation-proof'] },
  },
];

describe('the national 一件事 bundles shipped in workflows/', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock('2026-06-01T02:00:00Z') }));
  const b = new BundleClient(t, api);

  it.each(CASES)('$code is deployed at start and reports its savings', async ({ code, savings, steps }) => {
    // when
    const bundle = await t.http.get(`/api/v1/bundles/${code}`).set('X-API-Key', t.apiKey);
    const report = await t.http.get(`/api/v1/bundles/${code}/savings`).set('X-API-Key', t.apiKey);

    // then
    expect(bundle.status).toBe(200);
    expect(bundle.body).toMatchObject({ code, processKey: `bundle-${code}`, deployed: { version: expect.any(Number) } });
    expect(bundle.body.departments).toEqual([...new Set(steps.flatMap((s) => Object.values(s)))].sort());
    expect(report.status).toBe(200);
    expect(report.body).toEqual(savings);
  });

  it.each(['README.md', join('workflows', 'README.md')])('%s lists the savings of every shipped bundle as the API reports them', async (readme) => {
    // given: the rows of the savings table, `| \`code\` name | for | fields | materials | departments | visits | days |`
    const root = join(__dirname, '..', '..');
    const text = readFileSync(join(root, readme), 'utf8');
    const shipped = readdirSync(join(root, 'workflows', 'bundles')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    const rows = Object.fromEntries([...text.matchAll(/^\| `([a-z-]+)` [^|]+\| (?:company|person) \|(.+)\|$/gm)].map(([, code, cells]) => [code, cells.split('|').map((c) => c.trim())]));

    // when
    const reported = await Promise.all(shipped.map(async (code) => (await t.http.get(`/api/v1/bundles/${code}/savings`).set('X-API-Key', t.apiKey)).body));

    // then
    expect(Object.keys(rows).sort()).toEqual(shipped);
    shipped.forEach((code, i) => {
      const s = reported[i];
      expect([code, ...rows[code]]).toEqual([
        code, `${s.fieldsSeparately} → ${s.fieldsOnce}`, `${s.materialsSeparately} → ${s.materialsToSubmit}`, `${s.departments}`, `${s.visitsSeparately} → ${s.visitsBundle}`, `${s.daysSeparately} → ${s.daysBundle}`,
      ]);
    });
  });

  it.each(CASES)('$code accepts one application and fans it out to its departments until every item is approved', async (c) => {
    // given: the applicant's certificates on file and the key materials no certificate replaces
    const codes: Record<string, string> = { $company: newCreditCode(), $citizen: newCitizenId('19660101'), $other: newCitizenId('20200601') };
    const form = Object.fromEntries(Object.entries(c.form).map(([k, v]) => [k, typeof v === 'string' && v in codes ? codes[v] : v]));
    const applicantCode = c.applicant === 'company' ? codes.$company : codes.$citizen;
    const applicantName = String(c.applicant === 'company' ? form['company.name'] : form['applicant.name']);
    for (const held of c.held) {
      const holder = held.holderField ? String(form[held.holderField]) : applicantCode;
      await b.registerCertificate({
        type: held.type, number: `${held.type.slice(0, 2).toUpperCase()}${holder.slice(-8)}`, issuer: '上海市', issuedAt: '2024-01-02T09:00:00+08:00', validUntil: '2044-01-01',
        holder: { codeType: held.type === 'business-licence' ? '001' : '111', code: holder, name: applicantName },
      });
    }
    const pdf = await b.upload(PDF, 'material.pdf');
    const photo = await b.upload(JPEG, 'photo.jpg');
    const materials = c.uploads.map((u) => {
      const [item, name] = u.split(':');
      return { item, name, attachmentId: name.includes('照片') ? photo.id : pdf.id };
    });

    // when: one application over REST
    const response = await b.submit({ bundleCode: c.code, applicant: { type: c.applicant, code: applicantCode, name: applicantName }, form, materials });

    // then: accepted, with the certificates of the same case pending and nothing missing
    expect(response.status).toBe(201);
    expect(response.body.missingMaterials).toEqual([]);
    expect(response.body.exemptMaterials.length).toBeGreaterThan(0);
    expect(response.body.deferredMaterials.map((m: { item: string; name: string }) => `${m.item}:${m.name}`).sort()).toEqual([...c.deferred].sort());
    expect(response.body.pendingMaterials.map((p: { item: string; name: string; issuedBy: string }) => `${p.item}:${p.name}<-${p.issuedBy}`).sort()).toEqual([...c.pending].sort());
    const { id, processInstanceId } = response.body as { id: string; processInstanceId: string };

    // then: each step opens exactly its departments' approvals; approving them opens the next step
    for (const step of c.steps) {
      const open = await b.openTasks(processInstanceId, Object.keys(step).map(approval));
      for (const [item, department] of Object.entries(step)) {
        expect(open[approval(item)].department).toBe(department);
        expect((await api.complete(open[approval(item)].id, `clerk.${department}`, { approved: true })).status).toBe(200);
      }
    }
    const done = await api.eventually(() => b.application(id), (a) => a.state === 'completed');
    expect(done.outcome).toBe('approved');

    // then: the certificates issued go to the holder each item names
    for (const [field, types] of Object.entries(c.issued)) {
      const listed = (await t.http.get(`/api/v1/certificates?holderCode=${form[field]}`).set('X-API-Key', t.apiKey)).body.items
        .filter((x: { issuedBy?: { applicationId: string } }) => x.issuedBy?.applicationId === id);
      expect(listed.map((x: { type: string }) => x.type).sort()).toEqual(types);
    }
  });
});
