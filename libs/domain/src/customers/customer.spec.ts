import { clientTypeFromTipo, splitWhatsAppName } from './customer';

describe('clientTypeFromTipo', () => {
  it.each([
    ['Particular', 'particular'],
    ['Profesional', 'professional'],
    ['professional', 'professional'],
    [' PROFESIONAL ', 'professional'],
    ['otro', null],
    [null, null],
  ])('%p -> %p', (tipo, expected) => {
    expect(clientTypeFromTipo(tipo)).toBe(expected);
  });
});

describe('splitWhatsAppName', () => {
  it('splits on the first space', () => {
    expect(splitWhatsAppName('Juan Pérez García')).toEqual({
      firstName: 'Juan',
      lastName: 'Pérez García',
    });
  });

  it('handles single names and blanks', () => {
    expect(splitWhatsAppName('Juan')).toEqual({ firstName: 'Juan', lastName: null });
    expect(splitWhatsAppName('  ')).toEqual({ firstName: null, lastName: null });
  });
});
