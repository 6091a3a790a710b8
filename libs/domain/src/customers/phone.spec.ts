import { maskPhone, normalisePhone } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['+34 612 34 56 78', '+34612345678'],
    ['+34612345678', '+34612345678'],
    ['0034612345678', '+34612345678'],
    ['612345678', '+34612345678'],
    ['612-34-56-78', '+34612345678'],
    ['34612345678', '+34612345678'],
    ['+5511987654321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
  ])('normalises %s to %s', (raw, e164) => {
    expect(normalisePhone(raw)).toEqual({ raw, e164, status: 'valid' });
  });

  it.each(['+3412345', '12', 'abc', '+34 612 34 56 7', '999999999999999999'])(
    'keeps the invalid number %s as given',
    (raw) => {
      expect(normalisePhone(raw)).toEqual({ raw, e164: null, status: 'invalid' });
    },
  );

  it.each([null, undefined, '', '   '])('reports %p as missing', (raw) => {
    expect(normalisePhone(raw)).toEqual({ raw: null, e164: null, status: 'missing' });
  });

  it('answers a phone seen before the same way, per region, without sharing the result', () => {
    const first = normalisePhone('612 345 678');
    first.e164 = 'changed by a caller';
    expect(normalisePhone('612 345 678')).toEqual({
      raw: '612 345 678',
      e164: '+34612345678',
      status: 'valid',
    });
    expect(normalisePhone('612 345 678', 'FR').e164).toBe('+33612345678');
  });
});

describe('maskPhone', () => {
  it('keeps the country prefix and the last four digits', () => {
    expect(maskPhone('+34612345678')).toBe('+34*****5678');
    expect(maskPhone(null)).toBeNull();
  });
});
