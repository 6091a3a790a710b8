import { normaliseSettingValue, parseSettingValue } from './setting-value';

describe('normaliseSettingValue', () => {
  it.each([
    ['boolean', true, 'true'],
    ['boolean', false, 'false'],
    ['boolean', ' TRUE ', 'true'],
    ['boolean', 'false', 'false'],
    ['integer', 42, '42'],
    ['integer', '-7', '-7'],
    ['integer', ' 010 ', '10'],
    ['string', 'hola', 'hola'],
    ['string', 12, '12'],
    ['string', true, 'true'],
    ['json', '{"a":[1]}', '{"a":[1]}'],
    ['json', 5, '5'],
  ] as const)('%s accepts %j as %j', (type, input, stored) => {
    expect(normaliseSettingValue(type, input)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['boolean', 'yes'],
    ['boolean', 1],
    ['integer', 1.5],
    ['integer', '1e3'],
    ['integer', true],
    ['integer', '99999999999999999999'],
    ['json', '{nope'],
    ['string', 'x'.repeat(1001)],
  ] as const)('%s rejects %j', (type, input) => {
    expect(normaliseSettingValue(type, input)).toMatchObject({ ok: false });
  });
});

describe('parseSettingValue', () => {
  it('parses stored text by type and yields null for text that does not fit', () => {
    expect(parseSettingValue('boolean', 'true')).toBe(true);
    expect(parseSettingValue('boolean', 'maybe')).toBeNull();
    expect(parseSettingValue('integer', '12')).toBe(12);
    expect(parseSettingValue('integer', 'twelve')).toBeNull();
    expect(parseSettingValue('json', '{"a":1}')).toEqual({ a: 1 });
    expect(parseSettingValue('json', '{')).toBeNull();
    expect(parseSettingValue('string', 'texto')).toBe('texto');
  });
});
