import { CatalogError } from '../catalog.errors';
import type { Field, ServiceItem } from '../catalog/catalog.types';
import { mergeForm } from './merge-form';
import { shippedBundle, shippedCatalog, shippedItem } from '../../test/shipped-catalog';

const item = (code: string, fields: string[], fieldRules?: ServiceItem['fieldRules']): ServiceItem => ({
  code, name: code, type: '公共服务', department: 'd', legalDays: 5, promisedDays: 3, dayUnit: 'working', fields, fieldRules, materials: [],
});

const dictionary: Field[] = [
  { key: 'seats', label: { zh: '座位', en: 'Seats' }, type: 'number', min: 0, max: 5000 },
  { key: 'kind', label: { zh: '种类', en: 'Kind' }, type: 'select', options: ['a', 'b', 'c'] },
  { key: 'code', label: { zh: '代码', en: 'Code' }, type: 'text', pattern: '^[0-9]+$' },
];

describe('mergeForm', () => {
  it('asks each field of the open-restaurant items once: 23 uses, 12 fields', () => {
    // given
    const items = shippedBundle('open-restaurant').items.map(shippedItem);

    // when
    const form = mergeForm(items, shippedCatalog().fields);

    // then
    expect(items.reduce((n, i) => n + i.fields.length, 0)).toBe(23);
    expect(form.fields).toHaveLength(12);
    expect(form.fields.find((f) => f.key === 'company.name')!.usedBy).toEqual(['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003']);
    expect(form.fields.find((f) => f.key === 'fire.seats')).toMatchObject({ required: false, min: 0, max: 5000, usedBy: ['SH-XF-003'] });
    expect(form.fields.find((f) => f.key === 'company.creditCode')!.patterns).toHaveLength(1);
  });

  it('takes the strictest rules: required by any, max of mins, min of maxes, options intersected, all patterns', () => {
    // given
    const items = [
      item('A', ['seats', 'kind', 'code']),
      item('B', ['seats', 'kind', 'code'], { seats: { required: true, min: 10, max: 800 }, kind: { options: ['b', 'c', 'd'] }, code: { pattern: '^.{4}$' } }),
      item('C', ['seats'], { seats: { max: 900, min: 5 } }),
    ];

    // when
    const form = mergeForm(items, dictionary);

    // then
    expect(form.fields.map((f) => f.key)).toEqual(['seats', 'kind', 'code']);
    expect(form.fields[0]).toMatchObject({ required: true, min: 10, max: 800, usedBy: ['A', 'B', 'C'] });
    expect(form.fields[1]).toMatchObject({ required: false, options: ['b', 'c'] });
    expect(form.fields[2].patterns).toEqual(['^[0-9]+$', '^.{4}$']);
  });

  it('refuses rules no value can satisfy, naming the field and the items', () => {
    // given
    const items = [item('A', ['seats'], { seats: { min: 100 } }), item('B', ['seats'], { seats: { max: 50 } })];

    // when
    const attempt = () => mergeForm(items, dictionary);

    // then
    expect(attempt).toThrow(CatalogError);
    expect(attempt).toThrow('Field seats: items A, B require min 100 above max 50');
  });

  it('refuses options with nothing in common', () => {
    const items = [item('A', ['kind'], { kind: { options: ['a'] } }), item('B', ['kind'], { kind: { options: ['b'] } })];
    expect(() => mergeForm(items, dictionary)).toThrow(expect.objectContaining({ code: 'FORM_CONFLICT' }));
  });

  it('refuses a field missing from the dictionary', () => {
    expect(() => mergeForm([item('A', ['nope'])], dictionary)).toThrow(expect.objectContaining({ code: 'CATALOG_UNKNOWN_REFERENCE' }));
  });
});
