import { maskPii, maskPiiDeep, REDACTED } from './pii';

describe('maskPii', () => {
  it.each([
    ['mi móvil es +34 612 345 678', '[phone]', '612'],
    ['llama al 612345678 mañana', '[phone]', '612345678'],
    ['escribe a juan.perez+x@example.com', '[email]', 'juan.perez'],
    ['DNI 12345678Z', '[id]', '12345678'],
    ['NIE X1234567L', '[id]', '1234567'],
    ['CIF B12345674', '[id]', '12345674'],
    ['matrícula 1234 BCD', '[plate]', '1234'],
    ['matrícula 1234bcd', '[plate]', '1234'],
    ['matrícula M 1234 AB', '[plate]', '1234'],
    ['IBAN ES91 2100 0418 4502 0005 1332', '[iban]', '2100'],
    ['IBAN ES9121000418450200051332', '[iban]', '0418'],
  ])('masks %s', (text, marker, secret) => {
    const masked = maskPii(text);
    expect(masked).toContain(marker);
    expect(masked).not.toContain(secret);
  });

  it('does not swallow the words after an IBAN', () => {
    expect(maskPii('IBAN ES91 2100 0418 4502 0005 1332 rechazado')).toBe('IBAN [iban] rechazado');
  });

  it('keeps ordinary text, prices and years', () => {
    const text = 'Son 350 € + IVA por el enganche, año 2019, 3 fotos';
    expect(maskPii(text)).toBe(text);
  });
});

describe('maskPiiDeep', () => {
  it('masks strings at any depth and redacts personal-data keys', () => {
    const masked = maskPiiDeep({
      phone: '612345678',
      customer: { email: 'a@b.es', note: 'llamar al 612 345 678' },
      list: ['1234 BCD'],
      count: 3,
    });
    expect(masked).toEqual({
      phone: REDACTED,
      customer: { email: REDACTED, note: 'llamar al [phone]' },
      list: ['[plate]'],
      count: 3,
    });
  });
});
