import {
  classifyTaxId,
  isValidCif,
  isValidDni,
  isValidEmail,
  isValidNie,
  isValidSpanishPlate,
  isValidSpanishPostcode,
  isValidVehicleYear,
} from './spanish-ids';

describe('Spanish ids', () => {
  it.each(['12345678Z', '12.345.678-z', '00000000T'])('accepts the DNI %s', (dni) => {
    expect(isValidDni(dni)).toBe(true);
  });

  it.each(['12345678A', '1234567Z', 'ABCDEFGHZ'])('rejects the DNI %s', (dni) => {
    expect(isValidDni(dni)).toBe(false);
  });

  it.each(['X1234567L', 'Y1234567X', 'z-1234567-r'])('accepts the NIE %s', (nie) => {
    expect(isValidNie(nie)).toBe(true);
  });

  it('rejects a NIE with a wrong letter', () => {
    expect(isValidNie('X1234567A')).toBe(false);
  });

  it.each(['B12345674', 'A58818501', 'Q2826000H', 'P0800000B'])('accepts the CIF %s', (cif) => {
    expect(isValidCif(cif)).toBe(true);
  });

  it.each(['B12345675', 'Q2826000A', 'A5881850', 'I12345674'])('rejects the CIF %s', (cif) => {
    expect(isValidCif(cif)).toBe(false);
  });

  it('classifies tax ids', () => {
    expect(classifyTaxId('12345678Z')).toBe('dni');
    expect(classifyTaxId('X1234567L')).toBe('nie');
    expect(classifyTaxId('B12345674')).toBe('cif');
    expect(classifyTaxId('nope')).toBeNull();
  });
});

describe('vehicle and address data', () => {
  it.each(['1234 BCD', '1234-bcd', 'M-1234-AB', 'B 1234 A', 'R 1234 BBB'])(
    'accepts the plate %s',
    (plate) => {
      expect(isValidSpanishPlate(plate)).toBe(true);
    },
  );

  it.each(['1234 ABC', '123 BCD', '1234 BCÑ', 'ABCD123', ''])('rejects the plate %s', (plate) => {
    expect(isValidSpanishPlate(plate)).toBe(false);
  });

  it.each([
    ['28001', true],
    ['52006', true],
    ['01001', true],
    ['00100', false],
    ['53001', false],
    ['2800', false],
  ])('postcode %s valid=%s', (code, valid) => {
    expect(isValidSpanishPostcode(code)).toBe(valid);
  });

  it('validates emails and years', () => {
    expect(isValidEmail('ana@example.es')).toBe(true);
    expect(isValidEmail('ana@example')).toBe(false);
    expect(isValidVehicleYear(2019, new Date('2026-01-01'))).toBe(true);
    expect(isValidVehicleYear(2028, new Date('2026-01-01'))).toBe(false);
    expect(isValidVehicleYear(1899)).toBe(false);
  });
});
