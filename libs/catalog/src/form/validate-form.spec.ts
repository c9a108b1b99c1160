import { mergeForm } from './merge-form';
import { validateForm } from './validate-form';
import { shippedBundle, shippedCatalog, shippedItem } from '../../test/shipped-catalog';
import { BABY_FORM, RESTAURANT_FORM } from '../../test/sample-forms';

const formOf = (bundle: string) => mergeForm(shippedBundle(bundle).items.map(shippedItem), shippedCatalog().fields);

describe('validateForm', () => {
  it('accepts complete, valid data for both shipped bundles', () => {
    expect(validateForm(formOf('open-restaurant'), RESTAURANT_FORM)).toEqual({ valid: true, errors: [], values: RESTAURANT_FORM, unknownFields: [] });
    expect(validateForm(formOf('new-baby'), BABY_FORM)).toMatchObject({ valid: true, errors: [] });
  });

  it('returns every invalid field at once with its reason', () => {
    // given
    const data = {
      ...RESTAURANT_FORM,
      'company.name': '',
      'premises.address': 'x'.repeat(2001),
      'applicant.phone': '12345',
      'premises.areaM2': 0,
      'fire.seats': 6000,
      'food.categories': ['热食类', '烧烤类'],
      'food.hasColdDishes': 'yes',
      'company.creditCode': '91110108551385082R',
      'baby.name': 'not asked',
    };

    // when
    const result = validateForm(formOf('open-restaurant'), data, { unknownFields: 'reject' });

    // then
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => [e.field, e.reason])).toEqual([
      ['company.name', 'required'],
      ['company.creditCode', 'checksum'],
      ['premises.address', 'max'],
      ['premises.areaM2', 'min'],
      ['food.categories', 'option'],
      ['food.hasColdDishes', 'type'],
      ['applicant.phone', 'pattern'],
      ['fire.seats', 'max'],
      ['baby.name', 'unknown'],
    ]);
    expect(result.errors[0].message).toBe('企业名称 / Company name is required');
  });

  it('drops keys the form does not ask for by default', () => {
    // when
    const result = validateForm(formOf('new-baby'), { ...BABY_FORM, 'applicant.idNumber': '11010519491231002X' });

    // then
    expect(result.valid).toBe(true);
    expect(result.unknownFields).toEqual(['applicant.idNumber']);
    expect(result.values).toEqual(BABY_FORM);
  });

  it('checks the GB 11643 check digit of ID numbers that match the pattern', () => {
    // given
    const data = { ...BABY_FORM, 'mother.idNumber': '110105194912310021', 'father.idNumber': '44052418800101001' };

    // when
    const result = validateForm(formOf('new-baby'), data);

    // then
    expect(result.errors).toEqual([
      { field: 'mother.idNumber', reason: 'checksum', message: expect.stringContaining('GB 11643') },
      { field: 'father.idNumber', reason: 'pattern', message: 'must match ^[0-9]{17}[0-9X]$' },
    ]);
  });

  it('refuses impossible dates and leaves optional empty fields alone', () => {
    // given
    const { 'father.idNumber': _, 'bank.account': __, ...rest } = BABY_FORM;

    // when
    const result = validateForm(formOf('new-baby'), { ...rest, 'baby.birthDate': '2026-02-30', 'father.idNumber': null });

    // then
    expect(result.errors).toEqual([{ field: 'baby.birthDate', reason: 'type', message: 'must be a date YYYY-MM-DD' }]);
  });
});
