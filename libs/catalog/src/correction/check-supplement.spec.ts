import type { MergedForm } from '../form/merge-form';
import { checkSupplement } from './check-supplement';

const FORM = {
  fields: [
    { key: 'premises.areaM2', label: { zh: '面积', en: 'Area' }, type: 'number', required: true, min: 1, patterns: [], usedBy: ['X'] },
    { key: 'premises.address', label: { zh: '地址', en: 'Address' }, type: 'text', required: true, patterns: [], usedBy: ['X'] },
  ],
} as unknown as MergedForm;
const ASKED = [{ field: 'premises.areaM2', reason: '面积不符' }, { material: '平面图', reason: '未标注' }];

describe('checkSupplement', () => {
  it('lists every asked field and material still missing or invalid, and what was not asked', () => {
    // given
    const supplement = { form: { 'premises.areaM2': 0, 'premises.address': '别处' } };

    // when
    const check = checkSupplement({ asked: ASKED, supplement, caseForm: { 'premises.areaM2': 120, 'premises.address': '南京东路' }, mergedForm: FORM, existingAttachments: new Set() });

    // then
    expect(check.problems.map((p) => `${p.field ?? p.material}:${p.reason}`)).toEqual(['premises.address:not-asked', 'premises.areaM2:invalid', '平面图:missing']);
  });

  it('accepts exactly what was asked and gives the changes', () => {
    // given
    const supplement = { form: { 'premises.areaM2': 96 }, materials: [{ name: '平面图', attachmentId: 'a1' }] };

    // when
    const check = checkSupplement({ asked: ASKED, supplement, caseForm: { 'premises.areaM2': 120, 'premises.address': '南京东路' }, mergedForm: FORM, existingAttachments: new Set(['a1']) });

    // then
    expect(check.problems).toEqual([]);
    expect(check.diff).toEqual([{ field: 'premises.areaM2', before: 120, after: 96 }]);
    expect(check.form).toEqual({ 'premises.areaM2': 96, 'premises.address': '南京东路' });
  });
});
