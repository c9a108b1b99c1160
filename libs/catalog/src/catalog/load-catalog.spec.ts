import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError } from '../catalog.errors';
import { loadCatalogFromDir } from './load-catalog';
import { WORKFLOWS_DIR } from '../../test/shipped-catalog';

function copyOfShipped(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-catalog-'));
  cpSync(join(WORKFLOWS_DIR, 'catalog'), join(dir, 'catalog'), { recursive: true });
  cpSync(join(WORKFLOWS_DIR, 'bundles'), join(dir, 'bundles'), { recursive: true });
  return dir;
}

function problemsOf(fn: () => unknown): Array<{ source: string; path: string; message: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    expect((e as CatalogError).code).toBe('CATALOG_INVALID');
    return (e as CatalogError).details.problems as never;
  }
  throw new Error('expected the catalogue to be refused');
}

describe('loadCatalogFromDir', () => {
  it('loads the shipped catalogue with split zh/en labels and every shipped bundle', () => {
    // when
    const catalog = loadCatalogFromDir(WORKFLOWS_DIR);

    // then
    expect(catalog.fields.find((f) => f.key === 'applicant.idNumber')).toMatchObject({
      label: { zh: '公民身份号码', en: 'Citizen ID number' },
      type: 'text',
      format: 'citizen-id',
      pii: 'id-number',
      required: true,
    });
    expect(catalog.items.map((i) => i.code)).toHaveLength(42);
    expect(catalog.certificateTypes.find((t) => t.type === 'business-licence')).toMatchObject({ code: '2001', holderCodeType: '001' });
    expect(catalog.bundles.map((b) => b.code)).toEqual([
      'after-death', 'close-business', 'company-change', 'credit-repair', 'disability-services', 'new-baby', 'open-restaurant', 'open-transport-company', 'retirement', 'school-enrolment', 'utility-connections',
    ]);
    expect(new Set(catalog.certificateTypes.map((t) => t.code)).size).toBe(catalog.certificateTypes.length);
  });

  it('refuses an item naming an unknown field and an unknown certificate type, reporting both', () => {
    // given
    const dir = copyOfShipped();
    const items = [{
      code: 'X-1', name: 'x', type: '公共服务', department: 'd', legalDays: 5, promisedDays: 3, dayUnit: 'working',
      fields: ['no.such'], materials: [{ name: 'm', key: true, satisfiedBy: 'no-such-type' }],
    }];
    writeFileSync(join(dir, 'catalog', 'items.json'), JSON.stringify(items));

    // when
    const problems = problemsOf(() => loadCatalogFromDir(dir));

    // then
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining([
      'unknown field "no.such"',
      'unknown certificate type "no-such-type"',
    ]));
    expect(problems.some((p) => p.source.startsWith('bundles/') && p.message.startsWith('unknown service item'))).toBe(true);
  });

  it('refuses malformed records with their paths', () => {
    // given
    const dir = copyOfShipped();
    writeFileSync(join(dir, 'catalog', 'fields.json'), JSON.stringify([
      { key: 'a', label: { zh: '甲' }, type: 'colour' },
      { key: 'b', label: { zh: '乙', en: 'B' }, type: 'select' },
    ]));

    // when
    const problems = problemsOf(() => loadCatalogFromDir(dir));

    // then
    expect(problems).toEqual(expect.arrayContaining([
      { source: 'fields.json', path: '$[0].type', message: expect.stringContaining('must be one of') },
      { source: 'fields.json', path: '$[0].label.en', message: 'must be a non-empty string' },
      { source: 'fields.json', path: '$[1]', message: 'a select field needs options' },
    ]));
  });

  it('refuses a promised time limit beyond the legal one and a dotted certificate code', () => {
    // given
    const dir = copyOfShipped();
    const items = require(join(WORKFLOWS_DIR, 'catalog', 'items.json'));
    items[0] = { ...items[0], promisedDays: 99 };
    writeFileSync(join(dir, 'catalog', 'items.json'), JSON.stringify(items));
    const types = require(join(WORKFLOWS_DIR, 'catalog', 'certificate-types.json'));
    types[0] = { ...types[0], code: '10.01' };
    writeFileSync(join(dir, 'catalog', 'certificate-types.json'), JSON.stringify(types));

    // when
    const problems = problemsOf(() => loadCatalogFromDir(dir));

    // then
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      'may not exceed the legal time limit',
      'must be alphanumeric (it is a part of certificate identifiers)',
    ]));
  });

  it('reads an item\'s auto-approval decision and refuses one that is not a decision id', () => {
    // given
    const dir = copyOfShipped();
    const items = JSON.parse(readFileSync(join(WORKFLOWS_DIR, 'catalog', 'items.json'), 'utf8'));
    items[0] = { ...items[0], autoApproval: { decisionId: 'no spaces allowed' } };
    items[1] = { ...items[1], autoApproval: 'food-licence-renewal' };
    writeFileSync(join(dir, 'catalog', 'items.json'), JSON.stringify(items));

    // when
    const shipped = loadCatalogFromDir(WORKFLOWS_DIR);
    const problems = problemsOf(() => loadCatalogFromDir(dir));

    // then
    expect(shipped.items.find((i) => i.code === 'SH-SCJG-002')?.autoApproval).toEqual({ decisionId: 'food-licence-renewal' });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$[0].autoApproval.decisionId', '$[1].autoApproval']));
  });

  it('names the holder of every certificate an item issues: the baby, the child, the deceased, the company', () => {
    // when
    const catalog = loadCatalogFromDir(WORKFLOWS_DIR);

    // then
    const holders = Object.fromEntries(catalog.items.map((i) => [i.code, i.holder && `${i.holder.nameField}/${i.holder.idField}/${i.holder.idType}`]));
    expect(holders).toMatchObject({
      'SH-SCJG-001': 'company.name/company.creditCode/001', 'SH-SCJG-002': 'company.name/company.creditCode/001', 'SH-LHSR-014': 'company.name/company.creditCode/001', 'SH-XF-003': 'company.name/company.creditCode/001',
      'WJ-CSYX-001': 'baby.name/baby.idNumber/111', 'GA-HJ-021': 'baby.name/baby.idNumber/111', 'YB-CB-007': 'baby.name/baby.idNumber/111', 'RS-SBK-002': 'baby.name/baby.idNumber/111',
      'JY-RXBM-001': 'child.name/child.idNumber/111', 'WJ-SWZM-001': 'deceased.name/deceased.idNumber/111', 'GA-HJZX-001': 'deceased.name/deceased.idNumber/111',
      'SH-SCJG-ZX-001': 'company.name/company.creditCode/001', 'RS-TX-001': 'applicant.name/applicant.idNumber/111',
    });
    expect(catalog.items.filter((i) => i.result && !i.holder).map((i) => i.code)).toEqual([]);
  });

  it('refuses a holder rule naming an unknown field, a field the item does not ask for, or the wrong kind of identifier', () => {
    // given
    const dir = copyOfShipped();
    const items = JSON.parse(readFileSync(join(WORKFLOWS_DIR, 'catalog', 'items.json'), 'utf8'));
    const at = (code: string) => items.findIndex((i: { code: string }) => i.code === code);
    items[at('WJ-CSYX-001')] = { ...items[at('WJ-CSYX-001')], holder: { nameField: 'baby.nickname', idField: 'baby.idNumber', idType: '111' } };
    items[at('GA-HJ-021')] = { ...items[at('GA-HJ-021')], holder: { nameField: 'baby.name', idField: 'company.creditCode', idType: '111' } };
    items[at('YB-CB-007')] = { ...items[at('YB-CB-007')], holder: { nameField: 'baby.name', idField: 'baby.idNumber', idType: '001' } };
    writeFileSync(join(dir, 'catalog', 'items.json'), JSON.stringify(items));

    // when
    const problems = problemsOf(() => loadCatalogFromDir(dir));

    // then
    expect(problems).toEqual([
      { source: 'items.json', path: 'WJ-CSYX-001.holder.nameField', message: 'unknown field "baby.nickname"' },
      { source: 'items.json', path: 'GA-HJ-021.holder.idField', message: 'field "company.creditCode" is not one of the item\'s fields' },
      { source: 'items.json', path: 'YB-CB-007.holder.idType', message: 'medical-insurance-card is held by code type 111, not 001' },
    ]);
  });

  it('refuses a file that is not JSON, naming it', () => {
    // given
    const dir = copyOfShipped();
    mkdirSync(join(dir, 'bundles'), { recursive: true });
    writeFileSync(join(dir, 'bundles', 'broken.json'), '{ nope');

    // when
    const problems = problemsOf(() => loadCatalogFromDir(dir));

    // then
    expect(problems[0]).toMatchObject({ source: 'bundles/broken.json', message: expect.stringContaining('not valid JSON') });
  });
});
