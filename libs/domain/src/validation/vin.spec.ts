import { isValidVin, normaliseVin } from './vin';

describe('VIN', () => {
  it.each([
    'WVWZZZ1JZXW000001',
    'VF1RFB00X12345678',
    'wvwzzz1jzxw000001',
    'VF1 RFB00 X12345678',
    'WBA-3A5C5-1CF256985',
    'JYARN23E08A000001',
    'ZFA31200000123456',
    '1HGCM82633A004352',
    'VSSZZZ6JZ9R123456',
    'WDB9066331S123456',
  ])('accepts %s', (vin) => {
    expect(isValidVin(vin)).toBe(true);
  });

  it.each([
    ['too short', 'WVWZZZ1JZXW00000'],
    ['too long', 'WVWZZZ1JZXW0000011'],
    ['contains I', 'WVWZZZ1JZXW00000I'],
    ['contains O', 'VF1RFB00X1234567O'],
    ['contains Q', 'QF1RFB00X12345678'],
    ['has a symbol', 'VF1RFB00X1234567#'],
    ['has an accent', 'VF1RFB00X1234567É'],
    ['empty', ''],
    ['a plate', '1234BCD'],
  ])('rejects a VIN that is %s', (_why, vin) => {
    expect(isValidVin(vin)).toBe(false);
  });

  it.each([
    ['vf1 rfb00 x12345678', 'VF1RFB00X12345678'],
    ['wvw-zzz-1jz-xw000001', 'WVWZZZ1JZXW000001'],
    [' WBA.3A5C5.1CF256985 ', 'WBA3A5C51CF256985'],
  ])('normalises %s', (raw, expected) => {
    expect(normaliseVin(raw)).toBe(expected);
  });
});
