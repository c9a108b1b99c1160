import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
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
  it('loads the shipped catalogue with split zh/en labels and both bundles', () => {
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
    expect(catalog.items.map((i) => i.code)).toHaveLength(7);
    expect(catalog.certificateTypes.find((t) => t.type === 'business-licence')).toMatchObject({ code: '2001', holderCodeType: '001' });
    expect(catalog.bundles.map((b) => b.code)).toEqual(['new-baby', 'open-restaurant']);
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
