import { CaseFieldKey } from '../case-data';
import { foldMessage } from './normalise';
import { SectionName } from './types';
import { understand } from './understand';

describe('foldMessage', () => {
  it.each([
    ['  Hola,   QUÉ tal?? ', 'hola que tal'],
    ['Sí 👍', 'si ok'],
    ['❌ no', 'no no'],
    ['Matrícula: 1234-BCD', 'matricula 1234 bcd'],
    ['Ñandú', 'nandu'],
    ['🚗🚗', ''],
  ])('%p → %p', (raw, folded) => {
    expect(foldMessage(raw)).toBe(folded);
  });
});

describe('understand', () => {
  it('returns the raw and folded text', () => {
    const u = understand('¡Hola! ¿Cuánto cuesta? 👋');
    expect(u.raw).toBe('¡Hola! ¿Cuánto cuesta? 👋');
    expect(u.folded).toBe('hola cuanto cuesta hola');
    expect(u.isQuestion).toBe(true);
    expect(u.confirmation).toBe('uncertain');
    expect([...u.intents].sort()).toEqual(['greeting', 'price_question']);
    expect(u.section).toBeNull();
    expect(u.correction).toBeNull();
  });

  it.each([
    ['cuánto cuesta?', true],
    ['cuanto cuesta', true],
    ['que incluye', true],
    ['como va mi expediente', true],
    ['cuando estara', true],
    ['donde lo llevo', true],
    ['por qué necesitáis esto', true],
    ['puedo mandar las fotos mañana', true],
    ['xq', true],
    ['vale', false],
    ['quiero homologar el escape', false],
    ['como quieras', false],
    ['que sí', false],
    ['porque me multaron', false],
    ['cuando quieras', false],
    ['para cuando estaria', true],
    ['por qué no', false],
  ])('isQuestion(%p) = %p', (text, expected) => {
    expect(understand(text).isQuestion).toBe(expected);
  });

  it.each<[string, SectionName | null]>([
    ['cambiar los datos del taller', 'workshop'],
    ['quiero cambiar el teléfono del taller', 'workshop'],
    ['quiero modificar mis datos personales', 'personal'],
    ['quiero cambiar mi email', 'personal'],
    ['cambia la matrícula', 'vehicle'],
    ['quiero cambiar los datos del vehículo', 'vehicle'],
    ['quiero cambiar una foto', 'documentation'],
    ['modificar la documentación', 'documentation'],
    ['quiero cambiar los elementos', 'elements'],
    ['me equivoqué en el año', 'vehicle'],
    ['me equivoqué con el nombre del taller', 'workshop'],
    ['editar', null],
    ['hola, el taller está en Getafe', null],
  ])('section of %p is %p', (text, section) => {
    expect(understand(text).section).toBe(section);
  });

  it.each<[string, { field: CaseFieldKey | null; value: string | null }]>([
    ['me equivoqué, la matrícula es 1234 BBC', { field: 'matricula', value: '1234 BBC' }],
    ['Perdón, la matrícula es 1234BCD', { field: 'matricula', value: '1234BCD' }],
    ['me he equivocado en el dni, es 12345678Z', { field: 'dni_cif', value: '12345678Z' }],
    ['perdón, es 1234 BBC', { field: 'matricula', value: '1234 BBC' }],
    ['no es 1234BBC, es 1234BCC', { field: 'matricula', value: '1234BCC' }],
    ['la matrícula no es 1234BBC, es 1234BCC', { field: 'matricula', value: '1234BCC' }],
    ['corrijo: el email es ana@mail.com', { field: 'email', value: 'ana@mail.com' }],
    ['me equivoqué, es ana@mail.com', { field: 'email', value: 'ana@mail.com' }],
    ['perdona, el año es 2016', { field: 'anio', value: '2016' }],
    [
      'me equivoqué con el teléfono del taller: 612345678',
      { field: 'taller_telefono', value: '612345678' },
    ],
    ['me equivoqué, mis apellidos son García López', { field: 'apellidos', value: 'García López' }],
    ['quise decir 28002', { field: 'domicilio_cp', value: '28002' }],
    ['me equivoqué', { field: null, value: null }],
    ['me he equivocado con el bastidor', { field: 'bastidor', value: null }],
    ['cambia el email a juan@mail.com', { field: 'email', value: 'juan@mail.com' }],
    ['modifica la matrícula: 5678 FGH', { field: 'matricula', value: '5678 FGH' }],
    ['el dni está mal, es 12345678Z', { field: 'dni_cif', value: '12345678Z' }],
    ['he puesto mal el email', { field: 'email', value: null }],
    ['ah no perdona, es del 2016', { field: 'anio', value: 'del 2016' }],
    ['el año no es 2015 es 2016', { field: 'anio', value: '2016' }],
    ['no, es 2016', { field: 'anio', value: '2016' }],
    ['No, es 1234 BCD', { field: 'matricula', value: '1234 BCD' }],
    ['Me he equivocado, el modelo es MT-09', { field: 'modelo', value: 'MT-09' }],
  ])('correction in %p', (text, correction) => {
    const u = understand(text);
    expect(u.intents.has('correction')).toBe(true);
    expect(u.correction).toEqual(correction);
  });

  it('an edit naming a field without its new value corrects that field next', () => {
    const u = understand('quiero cambiar el email');
    expect(u.intents.has('edit')).toBe(true);
    expect(u.correction).toEqual({ field: 'email', value: null });
    expect(u.section).toBe('personal');
  });

  it('an edit naming only a section is no correction ("cambiar el taller")', () => {
    for (const text of ['quiero cambiar mis datos', 'quiero cambiar los datos del taller']) {
      const u = understand(text);
      expect(u.intents.has('edit')).toBe(true);
      expect(u.intents.has('correction')).toBe(false);
      expect(u.correction).toBeNull();
    }
  });

  it.each([
    ['no gracias', 'rejected', ['thanks']],
    ['sí, gracias', 'confirmed', ['thanks']],
    ['vale, pero cuánto tarda?', 'uncertain', ['timing_question']],
    ['cancela', 'rejected', ['cancel']],
    ['hola, buenas', null, ['greeting']],
    ['listo', null, ['done']],
    ['es caro, no?', 'uncertain', []],
    ['y si cancelo luego me cobráis?', 'uncertain', []],
    ['me gustaría cancelar', 'rejected', ['cancel']],
    ['no, es 2016', 'rejected', ['correction']],
  ])('%p → %p with %p', (text, confirmation, intents) => {
    const u = understand(text);
    expect(u.confirmation).toBe(confirmation);
    expect([...u.intents].sort()).toEqual(intents);
  });
});
