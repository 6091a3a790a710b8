import { CaseFieldKey, CaseSection, fieldsOf } from './fields';
import { extractCaseFields } from './extract';
import { detectFieldByShape } from './shapes';
import { findFieldBySynonym, findLabelledValue } from './labels';
import { toCasePatch, toCustomerPatch } from './patch';

const NOW = new Date('2025-06-15T10:00:00Z');
const keys = (section: CaseSection): CaseFieldKey[] => fieldsOf(section).map((def) => def.key);

describe('extractCaseFields: personal data', () => {
  const all = keys('personal');

  it.each<[string, CaseFieldKey[], Record<string, string | number>]>([
    [
      'Juan Pérez García, DNI 12345678Z, juan@mail.com, CP 28001',
      all,
      {
        nombre: 'Juan',
        apellidos: 'Pérez García',
        dni_cif: '12345678Z',
        email: 'juan@mail.com',
        domicilio_cp: '28001',
      },
    ],
    [
      'me llamo Juan Pérez García y mi dni es 12345678z',
      all,
      { nombre: 'Juan', apellidos: 'Pérez García', dni_cif: '12345678Z' },
    ],
    ['soy Ana López', ['nombre', 'apellidos'], { nombre: 'Ana', apellidos: 'López' }],
    [
      'Mi nombre es José Luis Martínez López',
      ['nombre', 'apellidos'],
      { nombre: 'José Luis', apellidos: 'Martínez López' },
    ],
    [
      'nombre y apellidos: María de la Fuente Ruiz',
      all,
      { nombre: 'María', apellidos: 'de la Fuente Ruiz' },
    ],
    ['juan perez garcia', ['nombre', 'apellidos'], { nombre: 'Juan', apellidos: 'Perez Garcia' }],
    ['Juan', ['nombre', 'apellidos'], { nombre: 'Juan' }],
    ['Pérez García', ['apellidos'], { apellidos: 'Pérez García' }],
    ['josé luis', ['nombre'], { nombre: 'José Luis' }],
    ['Juan Pérez', ['nombre'], { nombre: 'Juan', apellidos: 'Pérez' }],
    ['José Luis', ['nombre', 'apellidos'], { nombre: 'José Luis' }],
    [
      'Hola, me llamo María José de la Fuente, mi correo es mj@hotmail.es',
      all,
      { nombre: 'María José', apellidos: 'de la Fuente', email: 'mj@hotmail.es' },
    ],
    [
      'Juan Pérez\n12345678Z\njuan@gmail.com\nCalle Mayor 5\nGetafe\nMadrid\n28901',
      all,
      {
        nombre: 'Juan',
        apellidos: 'Pérez',
        dni_cif: '12345678Z',
        email: 'juan@gmail.com',
        domicilio_calle: 'Calle Mayor 5',
        domicilio_localidad: 'Getafe',
        domicilio_provincia: 'Madrid',
        domicilio_cp: '28901',
      },
    ],
    [
      'Mis datos: Juan Pérez García, 12345678Z, juan.perez@gmail.com, C/ Mayor 5 2ºB, 28001 Madrid',
      all,
      {
        nombre: 'Juan',
        apellidos: 'Pérez García',
        dni_cif: '12345678Z',
        email: 'juan.perez@gmail.com',
        domicilio_calle: 'C/ Mayor 5 2ºB',
        domicilio_localidad: 'Madrid',
        domicilio_cp: '28001',
      },
    ],
    [
      'Calle Mayor 5, 28001 Madrid',
      all,
      { domicilio_calle: 'Calle Mayor 5', domicilio_cp: '28001', domicilio_localidad: 'Madrid' },
    ],
    [
      'Avenida de la Constitución 25, 3ºA',
      ['domicilio_calle'],
      { domicilio_calle: 'Avenida de la Constitución 25, 3ºA' },
    ],
    ['calle mayor 5', ['domicilio_calle'], { domicilio_calle: 'Calle Mayor 5' }],
    ['Mi DNI: 12345678 Z', all, { dni_cif: '12345678Z' }],
    ['Madrid', ['domicilio_localidad'], { domicilio_localidad: 'Madrid' }],
    ['Madrid', ['domicilio_provincia'], { domicilio_provincia: 'Madrid' }],
    ['cp 28001 y vivo en Madrid', all, { domicilio_cp: '28001', domicilio_localidad: 'Madrid' }],
    ['mi email es Juan.Perez@Gmail.com', all, { email: 'juan.perez@gmail.com' }],
    [
      'correo: ana@empresa.es, dni: X1234567L',
      all,
      { email: 'ana@empresa.es', dni_cif: 'X1234567L' },
    ],
    ['el CIF de la empresa es B12345674', all, { dni_cif: 'B12345674' }],
    ['12.345.678-Z', ['dni_cif'], { dni_cif: '12345678Z' }],
    ['A58818501', ['dni_cif'], { dni_cif: 'A58818501' }],
    [
      'Calle Mayor 5, 2º B, Alcobendas, Madrid, 28100',
      all,
      {
        domicilio_calle: 'Calle Mayor 5, 2º B',
        domicilio_localidad: 'Alcobendas',
        domicilio_provincia: 'Madrid',
        domicilio_cp: '28100',
      },
    ],
    [
      'vivo en la calle Mayor 5, Getafe, 28901',
      all,
      { domicilio_calle: 'calle Mayor 5', domicilio_localidad: 'Getafe', domicilio_cp: '28901' },
    ],
    [
      'dirección: Avda. de América 12, localidad: Madrid, provincia: Madrid, cp 28002',
      all,
      {
        domicilio_calle: 'Avda. de América 12',
        domicilio_localidad: 'Madrid',
        domicilio_provincia: 'Madrid',
        domicilio_cp: '28002',
      },
    ],
    ['Mayor 5, 3º izquierda', ['domicilio_calle'], { domicilio_calle: 'Mayor 5, 3º izquierda' }],
    ['Alcobendas', ['domicilio_localidad'], { domicilio_localidad: 'Alcobendas' }],
    ['es en alacant', ['domicilio_provincia'], { domicilio_provincia: 'Alicante' }],
    ['28001', ['domicilio_cp'], { domicilio_cp: '28001' }],
    ['la de Alcobendas', ['itv_nombre'], { itv_nombre: 'Alcobendas' }],
    ['ITV Alcobendas', all, { itv_nombre: 'ITV Alcobendas' }],
    ['la ITV de Getafe', ['itv_nombre', 'email'], { itv_nombre: 'ITV de Getafe' }],
    ['itv de alcobendas', ['itv_nombre'], { itv_nombre: 'ITV de Alcobendas' }],
  ])('%p', (text, expected, values) => {
    expect(extractCaseFields(text, 'personal', expected, NOW)).toEqual({ values, errors: {} });
  });

  it.each<[string, CaseFieldKey[], CaseFieldKey, RegExp]>([
    ['DNI 12345678A', all, 'dni_cif', /letra del DNI no cuadra/],
    ['mi dni es 1234567', all, 'dni_cif', /falta la letra/],
    ['12345678A', ['dni_cif'], 'dni_cif', /letra del DNI/],
    ['X1234567A, juan@mail.com', all, 'dni_cif', /NIE/],
    ['email: juan@gmail', all, 'email', /email no parece correcto/],
    ['juan@gmail.con', ['email'], 'email', /juan@gmail\.com/],
    ['cp 53001', all, 'domicilio_cp', /01000 y 52999/],
    ['8001', ['domicilio_cp'], 'domicilio_cp', /08001/],
    ['Narnia', ['domicilio_provincia'], 'domicilio_provincia', /provincia/],
    ['me llamo 1234', ['nombre', 'apellidos'], 'nombre', /letras/],
  ])('%p → error for %s', (text, expected, field, message) => {
    const result = extractCaseFields(text, 'personal', expected, NOW);
    expect(result.values[field]).toBeUndefined();
    expect(result.errors[field]).toMatch(message);
  });

  it('keeps the valid values when another one fails', () => {
    expect(
      extractCaseFields('Ana Ruiz, DNI 12345678A, ana@mail.com', 'personal', all, NOW),
    ).toEqual({
      values: { nombre: 'Ana', apellidos: 'Ruiz', email: 'ana@mail.com' },
      errors: { dni_cif: expect.stringMatching(/letra del DNI/) },
    });
  });

  it.each<[string, CaseFieldKey[]]>([
    ['la matrícula es 1234BCD', all],
    ['es una Yamaha del 2015', all],
    ['el teléfono del taller es 612345678', all],
    ['VF1RFB00X12345678', all],
    ['¿para qué queréis el DNI?', ['dni_cif']],
    ['¿qué pongo en la dirección?', ['domicilio_calle']],
    ['vale', ['email']],
    ['no lo sé', ['itv_nombre']],
    ['hola', ['nombre', 'apellidos']],
    ['soy de Madrid', ['email', 'dni_cif']],
    ['te lo mando por correo luego', all],
  ])('ignores %p (no personal datum)', (text, expected) => {
    expect(extractCaseFields(text, 'personal', expected, NOW)).toEqual({ values: {}, errors: {} });
  });
});

describe('extractCaseFields: vehicle data', () => {
  const all = keys('vehicle');

  it.each<[string, CaseFieldKey[], Record<string, string | number>]>([
    ['matrícula: 1234BCD', all, { matricula: '1234BCD' }],
    ['1234 bcd', ['matricula'], { matricula: '1234BCD' }],
    ['la matrícula del coche es 1234-BCD', all, { matricula: '1234BCD' }],
    ['M-1234-AB', ['matricula'], { matricula: 'M1234AB' }],
    ['es antigua, GC 1234 AB', all, { matricula: 'GC1234AB' }],
    ['del 2015', ['anio'], { anio: 2015 }],
    ['2015', ['anio'], { anio: 2015 }],
    ['matriculada el 10/03/2019', all, { anio: 2019 }],
    [
      'Yamaha MT-07 del 2019, matrícula 1234BCD',
      all,
      {
        marca: 'Yamaha',
        modelo: 'MT-07',
        anio: 2019,
        matricula: '1234BCD',
      },
    ],
    ['es una honda cbr 600 rr', all, { marca: 'Honda', modelo: 'CBR 600 RR' }],
    [
      'Volkswagen California de 2018',
      all,
      { marca: 'Volkswagen', modelo: 'California', anio: 2018 },
    ],
    ['marca: Fiat, modelo: Ducato, año 2020', all, { marca: 'Fiat', modelo: 'Ducato', anio: 2020 }],
    ['zontes', ['marca'], { marca: 'Zontes' }],
    ['MT-07 del 2019', ['modelo'], { modelo: 'MT-07', anio: 2019 }],
    ['bastidor VF1RFB00X12345678', all, { bastidor: 'VF1RFB00X12345678' }],
    ['WVWZZZ1JZXW000001', ['bastidor'], { bastidor: 'WVWZZZ1JZXW000001' }],
    ['no lo tengo', ['bastidor'], { bastidor: '' }],
    ['el bastidor no lo sé', all, { bastidor: '' }],
    [
      '1234BCD y bastidor WVWZZZ1JZXW000001',
      all,
      {
        matricula: '1234BCD',
        bastidor: 'WVWZZZ1JZXW000001',
      },
    ],
  ])('%p', (text, expected, values) => {
    expect(extractCaseFields(text, 'vehicle', expected, NOW)).toEqual({ values, errors: {} });
  });

  it.each<[string, CaseFieldKey[], CaseFieldKey, RegExp]>([
    ['1234 AEI', ['matricula'], 'matricula', /consonantes/],
    ['matrícula: 123 BCD', all, 'matricula', /no parece española/],
    ['año 1850', all, 'anio', /entre 1900 y 2026/],
    ['2099', ['anio'], 'anio', /entre 1900/],
    ['del 15', ['anio'], 'anio', /4 cifras/],
    ['bastidor: WVWZZZ1JZXW00001', all, 'bastidor', /17 caracteres/],
    ['VF1RFB00X1234567O', ['bastidor'], 'bastidor', /I, O ni Q/],
  ])('%p → error for %s', (text, expected, field, message) => {
    const result = extractCaseFields(text, 'vehicle', expected, NOW);
    expect(result.values[field]).toBeUndefined();
    expect(result.errors[field]).toMatch(message);
  });

  it.each<[string, CaseFieldKey[]]>([
    ['mi dni es 12345678Z', all],
    ['juan@mail.com', all],
    ['28001', all],
    ['¿dónde viene el bastidor?', ['bastidor']],
    ['ok', ['modelo']],
  ])('ignores %p', (text, expected) => {
    expect(extractCaseFields(text, 'vehicle', expected, NOW)).toEqual({ values: {}, errors: {} });
  });
});

describe('extractCaseFields: workshop data', () => {
  const all = keys('workshop');

  it.each<[string, CaseFieldKey[], Record<string, string | number>]>([
    [
      'taller: Motos Pepe, responsable: Pepe Gómez, teléfono 612 345 678',
      all,
      {
        taller_nombre: 'Motos Pepe',
        taller_responsable: 'Pepe Gómez',
        taller_telefono: '612345678',
      },
    ],
    [
      'el taller se llama Talleres Ruiz SL y el responsable es Pedro Ruiz',
      all,
      { taller_nombre: 'Talleres Ruiz SL', taller_responsable: 'Pedro Ruiz' },
    ],
    [
      'Calle Industria 12, Getafe, Madrid',
      all,
      {
        taller_domicilio: 'Calle Industria 12',
        taller_ciudad: 'Getafe',
        taller_provincia: 'Madrid',
      },
    ],
    ['dirección: Polígono Sur nave 3', all, { taller_domicilio: 'Polígono Sur nave 3' }],
    ['provincia: Sevilla', all, { taller_provincia: 'Sevilla' }],
    ['+34 912 345 678', ['taller_telefono'], { taller_telefono: '912345678' }],
    ['registro industrial 28/12345', all, { taller_registro_industrial: '28/12345' }],
    ['28/12345', ['taller_registro_industrial'], { taller_registro_industrial: '28/12345' }],
    [
      'mecánica y electricidad',
      ['taller_actividad'],
      { taller_actividad: 'mecánica y electricidad' },
    ],
    ['Talleres Pérez SL', ['taller_nombre'], { taller_nombre: 'Talleres Pérez SL' }],
    ['Pedro Gómez Ruiz', ['taller_responsable'], { taller_responsable: 'Pedro Gómez Ruiz' }],
    [
      'Talleres Hermanos García SL, C/ Industria 4, Móstoles, Madrid, tlf 916 123 456, responsable Antonio García',
      all,
      {
        taller_nombre: 'Talleres Hermanos García SL',
        taller_domicilio: 'C/ Industria 4',
        taller_ciudad: 'Móstoles',
        taller_provincia: 'Madrid',
        taller_telefono: '916123456',
        taller_responsable: 'Antonio García',
      },
    ],
    ['Madrid', ['taller_ciudad'], { taller_ciudad: 'Madrid' }],
    ['motos pepe', ['taller_nombre'], { taller_nombre: 'Motos Pepe' }],
    ['tlf: 91 234 56 78', all, { taller_telefono: '912345678' }],
    [
      // The asked list answered in its order, unlabelled: the registry and the activity too.
      'Talleres Pérez SL, Pedro Gómez Ruiz, Calle Industria 12, Madrid, Getafe, 912345678, 28/12345, mecánica',
      all,
      {
        taller_nombre: 'Talleres Pérez SL',
        taller_responsable: 'Pedro Gómez Ruiz',
        taller_domicilio: 'Calle Industria 12',
        taller_provincia: 'Madrid',
        taller_ciudad: 'Getafe',
        taller_telefono: '912345678',
        taller_registro_industrial: '28/12345',
        taller_actividad: 'mecánica',
      },
    ],
  ])('%p', (text, expected, values) => {
    expect(extractCaseFields(text, 'workshop', expected, NOW)).toEqual({ values, errors: {} });
  });

  it.each<[string, CaseFieldKey, RegExp]>([
    ['teléfono 512345678', 'taller_telefono', /6, 7, 8 o 9/],
    ['responsable: 1234', 'taller_responsable', /letras/],
  ])('%p → error for %s', (text, field, message) => {
    expect(extractCaseFields(text, 'workshop', all, NOW).errors[field]).toMatch(message);
  });

  it('ignores a plate and a DNI', () => {
    expect(extractCaseFields('1234BCD 12345678Z', 'workshop', all, NOW)).toEqual({
      values: {},
      errors: {},
    });
  });
});

describe('findFieldBySynonym', () => {
  it.each<[string, CaseFieldKey | null]>([
    ['la placa', 'matricula'],
    ['cambia la matrícula', 'matricula'],
    ['mi DNI', 'dni_cif'],
    ['el NIF', 'dni_cif'],
    ['CIF de la empresa', 'dni_cif'],
    ['el correo', 'email'],
    ['mail', 'email'],
    ['e-mail', 'email'],
    ['el cp', 'domicilio_cp'],
    ['código postal', 'domicilio_cp'],
    ['el año', 'anio'],
    ['num bastidor', 'bastidor'],
    ['el VIN', 'bastidor'],
    ['el tlf', 'taller_telefono'],
    ['teléfono del taller', 'taller_telefono'],
    ['la dirección', 'domicilio_calle'],
    ['la dirección del taller', 'taller_domicilio'],
    ['del taller, la provincia', 'taller_provincia'],
    ['el nombre del taller', 'taller_nombre'],
    ['el taller', 'taller_nombre'],
    ['me llamo', 'nombre'],
    ['apellidos', 'apellidos'],
    ['la itv', 'itv_nombre'],
    ['el modelo', 'modelo'],
    ['la marca', 'marca'],
    ['registro industrial', 'taller_registro_industrial'],
    ['quiero homologar el escape', null],
    ['', null],
  ])('%p → %p', (text, field) => {
    expect(findFieldBySynonym(text)).toBe(field);
  });
});

describe('findLabelledValue', () => {
  it.each<[string, { field: CaseFieldKey; value: string | null } | null]>([
    ['me equivoqué, la matrícula es 1234 BBC', { field: 'matricula', value: '1234 BBC' }],
    ['el email correcto es ana@mail.com, gracias', { field: 'email', value: 'ana@mail.com' }],
    ['la matrícula no es 1234BBC, es 1234BCC', { field: 'matricula', value: '1234BCC' }],
    ['cambia el año a 2016', { field: 'anio', value: '2016' }],
    ['perdón, me llamo Juanjo', { field: 'nombre', value: 'Juanjo' }],
    ['me equivoqué con el dni', { field: 'dni_cif', value: null }],
    ['me equivoqué', null],
  ])('%p', (text, expected) => {
    expect(findLabelledValue(text)).toEqual(expected);
  });
});

describe('detectFieldByShape', () => {
  it.each<[string, CaseFieldKey | null]>([
    ['1234 BBC', 'matricula'],
    ['M-1234-AB', 'matricula'],
    ['juan@mail.com', 'email'],
    ['12345678Z', 'dni_cif'],
    ['X1234567L', 'dni_cif'],
    ['B12345674', 'dni_cif'],
    ['WVWZZZ1JZXW000001', 'bastidor'],
    ['612345678', 'taller_telefono'],
    ['28001', 'domicilio_cp'],
    ['2015', 'anio'],
    ['Juan', null],
    ['', null],
  ])('%p → %p', (value, field) => {
    expect(detectFieldByShape(value)).toBe(field);
  });
});

describe('patches', () => {
  it('maps personal fields to customer columns', () => {
    expect(
      toCustomerPatch({
        nombre: 'Juan',
        apellidos: 'Pérez',
        dni_cif: '12345678Z',
        email: 'j@x.es',
        domicilio_calle: 'Calle Mayor 5',
        domicilio_localidad: 'Getafe',
        domicilio_provincia: 'Madrid',
        domicilio_cp: '28901',
        matricula: '1234BCD',
      }),
    ).toEqual({
      first_name: 'Juan',
      last_name: 'Pérez',
      nif_cif: '12345678Z',
      email: 'j@x.es',
      domicilio_calle: 'Calle Mayor 5',
      domicilio_localidad: 'Getafe',
      domicilio_provincia: 'Madrid',
      domicilio_cp: '28901',
    });
  });

  it('maps vehicle, ITV and workshop fields to case columns', () => {
    expect(
      toCasePatch({
        marca: 'Yamaha',
        modelo: 'MT-07',
        anio: 2019,
        matricula: '1234BCD',
        bastidor: '',
        itv_nombre: 'ITV Getafe',
        taller_nombre: 'Motos Pepe',
        taller_telefono: '612345678',
        nombre: 'Juan',
      }),
    ).toEqual({
      vehiculo_marca: 'Yamaha',
      vehiculo_modelo: 'MT-07',
      vehiculo_anio: 2019,
      vehiculo_matricula: '1234BCD',
      vehiculo_bastidor: null,
      itv_nombre: 'ITV Getafe',
      taller_nombre: 'Motos Pepe',
      taller_telefono: '612345678',
    });
  });

  it('leaves empty patches empty', () => {
    expect(toCasePatch({})).toEqual({});
    expect(toCustomerPatch({})).toEqual({});
  });
});
