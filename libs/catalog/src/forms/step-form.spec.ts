import type { Field } from '../catalog/catalog.types';
import { checkFormSchema } from './check-form-schema';
import { formOfFields } from './form-of-fields';
import { buildStepForm } from './step-form';

const DICTIONARY: Field[] = [
  { key: 'applicant.name', label: { zh: '申请人姓名', en: 'Applicant name' }, type: 'text', required: true, pii: 'name' },
  { key: 'applicant.phone', label: { zh: '联系电话', en: 'Phone' }, type: 'text', pattern: '^1[0-9]{10}$', pii: 'phone' },
  { key: 'bank.account', label: { zh: '银行账号', en: 'Bank account' }, type: 'text', pii: 'bank-account' },
];

describe('forms of the field dictionary', () => {
  it('generates bound components with the dictionary rules, and a generated form passes the check', () => {
    // when
    const schema = formOfFields('f', DICTIONARY);

    // then
    expect(schema.components[1]).toMatchObject({ type: 'textfield', key: 'applicant.phone', label: '联系电话', properties: { field: 'applicant.phone' }, validate: { pattern: '^1[0-9]{10}$', maxLength: 2000 } });
    expect(checkFormSchema(schema, DICTIONARY)).toEqual([]);
  });

  it('names a bound field the dictionary lacks and a key asked twice', () => {
    // given
    const schema = { id: 'f', components: [{ type: 'group', components: [{ type: 'textfield', key: 'pet.name', properties: { field: 'pet.name' } }] }, { type: 'textarea', key: 'opinion' }, { type: 'textarea', key: 'opinion' }] };

    // when
    const problems = checkFormSchema(schema, DICTIONARY);

    // then
    expect(problems).toEqual([
      expect.objectContaining({ field: 'schema.components[0].components[0].properties.field', reason: 'unknown-field' }),
      expect.objectContaining({ field: 'schema.components[2].key', reason: 'duplicate-key' }),
    ]);
  });

  it("keeps a bundle step's visible fields read-only and drops the others; its own fields stay editable", () => {
    // given
    const schema = { ...formOfFields('f', DICTIONARY), components: [...formOfFields('f', DICTIONARY).components, { type: 'textarea', key: 'opinion' }] };

    // when
    const form = buildStepForm({
      schema, variables: { opinion: '同意' },
      stepFields: [{ key: 'applicant.name', label: DICTIONARY[0].label, type: 'text', value: '赵敏', masked: false }],
    });

    // then
    expect(form.schema.components.map((c) => c.key)).toEqual(['applicant.name', 'opinion']);
    expect(form.schema.components[0]).toMatchObject({ readonly: true, disabled: true });
    expect(form).toMatchObject({ readOnly: ['applicant.name'], editable: ['opinion'], data: { 'applicant.name': '赵敏', opinion: '同意' } });
  });

  it("keeps a plain step's listed fields editable, opened with nested variables", () => {
    // when
    const form = buildStepForm({ schema: formOfFields('f', DICTIONARY), visibleFields: ['applicant.phone'], variables: { applicant: { phone: '13800138000' } } });

    // then
    expect(form).toMatchObject({ readOnly: [], editable: ['applicant.phone'], data: { 'applicant.phone': '13800138000' } });
  });
});
