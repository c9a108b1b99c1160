import { maskPersonal, maskPii } from './mask-pii';

describe('maskPersonal', () => {
  it('masks ID numbers to the first 4 and last 4', () => {
    expect(maskPersonal('110105194912311234', 'id-number')).toBe('1101**********1234');
    expect(maskPersonal('11010519491231002X', 'id-number')).toBe('1101**********002X');
    expect(maskPersonal('1234567', 'id-number')).toBe('*******');
  });

  it('masks phones to the first 3 and last 4, bank accounts to the last 4', () => {
    expect(maskPersonal('13812345678', 'phone')).toBe('138****5678');
    expect(maskPersonal('6222020200112233445', 'bank-account')).toBe('***************3445');
    expect(maskPersonal('1234', 'bank-account')).toBe('****');
  });

  it('keeps the first character of a name, and the last of three or more', () => {
    expect(maskPersonal('张丽', 'name')).toBe('张*');
    expect(maskPersonal('张小三', 'name')).toBe('张*三');
    expect(maskPersonal('欧阳娜娜', 'name')).toBe('欧**娜');
    expect(maskPersonal('𠀀𠀁', 'name')).toBe('𠀀*');
  });

  it('truncates addresses after their first 6 characters', () => {
    expect(maskPersonal('北京市朝阳区建国路88号3单元', 'address')).toBe('北京市朝阳区****');
    expect(maskPersonal('北京市', 'address')).toBe('北京市');
  });

  it('passes through values without a class and values that are not text', () => {
    expect(maskPersonal('110105194912311234', undefined)).toBe('110105194912311234');
    expect(maskPersonal(42, 'id-number')).toBe(42);
    expect(maskPersonal(null, 'name')).toBeNull();
  });
});

describe('maskPii', () => {
  it('masks only the classes a step sees masked', () => {
    expect(maskPii('110105194912311234', 'id-number')).toBe('1101**********1234');
    expect(maskPii('6222020200112233445', 'bank-account')).toBe('***************3445');
    expect(maskPii('张丽', 'name')).toBe('张丽');
    expect(maskPii(42, 'id-number')).toBe(42);
  });
});
