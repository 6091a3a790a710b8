import { CASE_FIELDS, CaseFieldKey, fieldDef, fieldsOf } from './fields';
import { validateCaseField } from './validate';

const NOW = new Date('2025-06-15T10:00:00Z');

describe('case fields', () => {
  it('lists every field once, in three sections', () => {
    const keys = CASE_FIELDS.map((def) => def.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(22);
    expect(fieldsOf('personal').map((def) => def.key)).toEqual([
      'nombre',
      'apellidos',
      'dni_cif',
      'email',
      'domicilio_calle',
      'domicilio_localidad',
      'domicilio_provincia',
      'domicilio_cp',
      'itv_nombre',
    ]);
    expect(fieldsOf('vehicle').map((def) => def.key)).toEqual([
      'marca',
      'modelo',
      'anio',
      'matricula',
      'bastidor',
    ]);
    expect(fieldsOf('workshop')).toHaveLength(8);
  });

  it('makes only the bastidor optional', () => {
    expect(CASE_FIELDS.filter((def) => !def.required).map((def) => def.key)).toEqual(['bastidor']);
  });

  it.each(CASE_FIELDS.map((def) => [def.key]))(
    '%s has a question, a reason, folded synonyms and a valid example',
    (key) => {
      const def = fieldDef(key);
      expect(def.ask).toMatch(/\?/);
      expect(def.why.length).toBeGreaterThan(10);
      for (const synonym of def.synonyms) expect(synonym).toMatch(/^[a-z0-9 ]+$/);
      expect(validateCaseField(def.key, def.example, NOW).ok).toBe(true);
    },
  );

  it('throws on an unknown key', () => {
    expect(() => fieldDef('nope' as CaseFieldKey)).toThrow();
  });
});

describe('validateCaseField accepts and normalises', () => {
  it.each<[CaseFieldKey, string, string | number]>([
    ['dni_cif', '12345678Z', '12345678Z'],
    ['dni_cif', '12345678-z', '12345678Z'],
    ['dni_cif', '12.345.678 Z', '12345678Z'],
    ['dni_cif', '00000000T', '00000000T'],
    ['dni_cif', 'X1234567L', 'X1234567L'],
    ['dni_cif', 'x-1234567-l', 'X1234567L'],
    ['dni_cif', 'Y1234567X', 'Y1234567X'],
    ['dni_cif', 'Z1234567R', 'Z1234567R'],
    ['dni_cif', 'B12345674', 'B12345674'],
    ['dni_cif', 'A58818501', 'A58818501'],
    ['dni_cif', 'Q2826000H', 'Q2826000H'],
    ['dni_cif', 'b-12345674', 'B12345674'],
    ['email', 'juan@mail.com', 'juan@mail.com'],
    ['email', ' Juan.Perez@Gmail.com. ', 'juan.perez@gmail.com'],
    ['email', 'ana_lopez+motos@empresa.es', 'ana_lopez+motos@empresa.es'],
    ['domicilio_cp', '28001', '28001'],
    ['domicilio_cp', '08001', '08001'],
    ['domicilio_cp', '52006', '52006'],
    ['domicilio_cp', '01000', '01000'],
    ['domicilio_cp', '28 001', '28001'],
    ['matricula', '1234BCD', '1234BCD'],
    ['matricula', '1234 bcd', '1234BCD'],
    ['matricula', '1234-BCD', '1234BCD'],
    ['matricula', 'M-1234-AB', 'M1234AB'],
    ['matricula', 'GC 1234 AB', 'GC1234AB'],
    ['matricula', 'B 1234 A', 'B1234A'],
    ['matricula', 'R 1234 BBB', 'R1234BBB'],
    ['anio', '2015', 2015],
    ['anio', 'del 2015', 2015],
    ['anio', 'es de 1998', 1998],
    ['anio', '1900', 1900],
    ['anio', '2026', 2026],
    ['anio', '10/03/2019', 2019],
    ['bastidor', 'WVWZZZ1JZXW000001', 'WVWZZZ1JZXW000001'],
    ['bastidor', 'vf1rfb00x12345678', 'VF1RFB00X12345678'],
    ['bastidor', 'no lo tengo', ''],
    ['bastidor', 'No sé', ''],
    ['bastidor', '', ''],
    ['nombre', 'juan', 'Juan'],
    ['nombre', 'JOSÉ LUIS', 'José Luis'],
    ['nombre', 'María-José', 'María-José'],
    ['apellidos', 'pérez garcía', 'Pérez García'],
    ['apellidos', 'de la fuente', 'de la Fuente'],
    ['domicilio_localidad', 'la roda', 'La Roda'],
    ['apellidos', "o'connor", "O'Connor"],
    ['taller_responsable', 'pedro gómez', 'Pedro Gómez'],
    ['taller_telefono', '612345678', '612345678'],
    ['taller_telefono', '+34 612 34 56 78', '612345678'],
    ['taller_telefono', '91 234 56 78', '912345678'],
    ['taller_telefono', '0034 712-345-678', '712345678'],
    ['domicilio_provincia', 'madrid', 'Madrid'],
    ['domicilio_provincia', 'Alacant', 'Alicante'],
    ['domicilio_provincia', 'vizcaya', 'Bizkaia'],
    ['domicilio_provincia', 'la coruña', 'A Coruña'],
    ['domicilio_provincia', 'barcelna', 'Barcelona'],
    ['taller_provincia', 'Islas Baleares', 'Baleares'],
    ['domicilio_localidad', 'san sebastián de los reyes', 'San Sebastián de los Reyes'],
    ['taller_ciudad', 'getafe', 'Getafe'],
    ['domicilio_calle', '  Calle Mayor   5, 2º B ', 'Calle Mayor 5, 2º B'],
    ['itv_nombre', 'ITV Alcobendas', 'ITV Alcobendas'],
    ['marca', 'yamaha', 'Yamaha'],
    ['marca', 'VW', 'Volkswagen'],
    ['marca', 'zontes', 'Zontes'],
    ['marca', 'Hispano Suiza', 'Hispano Suiza'],
    ['modelo', 'mt-07', 'MT-07'],
    ['modelo', 'ibiza', 'Ibiza'],
    ['modelo', '3', '3'],
    ['taller_registro_industrial', '28/12345', '28/12345'],
    ['taller_actividad', 'mecánica', 'mecánica'],
  ])('%s %p → %p', (key, raw, expected) => {
    expect(validateCaseField(key, raw, NOW)).toEqual({ ok: true, value: expected });
  });
});

describe('validateCaseField refuses with a Spanish re-ask', () => {
  it.each<[CaseFieldKey, string, RegExp]>([
    ['dni_cif', '12345678A', /letra del DNI no cuadra.*12345678Z/],
    ['dni_cif', '1234567', /falta la letra/],
    ['dni_cif', 'X1234567A', /letra del NIE no cuadra/],
    ['dni_cif', 'B12345675', /control del CIF no cuadra/],
    ['dni_cif', 'Q2826000A', /control del CIF/],
    ['dni_cif', 'hola', /no parece un DNI, NIE o CIF/],
    ['dni_cif', '', /Necesito el DNI, NIE o CIF/],
    ['email', 'juan@mail', /email no parece correcto.*ejemplo/],
    ['email', 'juan mail.com', /email no parece correcto/],
    ['email', 'juan@gmail.con', /juan@gmail\.com/],
    ['email', 'ana@hotmal.com', /ana@hotmail\.com/],
    ['domicilio_cp', '53001', /01000 y 52999/],
    ['domicilio_cp', '00999', /código postal no es válido/],
    ['domicilio_cp', '8001', /¿Es el 08001\?/],
    ['domicilio_cp', '280012', /5 cifras/],
    ['matricula', '1234AEI', /solo llevan consonantes/],
    ['matricula', '1234 BCÑ', /solo llevan consonantes/],
    ['matricula', '123 BCD', /no parece española/],
    ['matricula', 'ABCD123', /1234 BCD/],
    ['anio', '1899', /entre 1900 y 2026/],
    ['anio', '2027', /entre 1900 y 2026/],
    ['anio', 'del 15', /4 cifras/],
    ['anio', 'nuevo', /4 cifras/],
    ['bastidor', 'WVWZZZ1JZXW00000', /17 caracteres y ese tiene 16/],
    ['bastidor', 'WVWZZZ1JZXW0000011', /tiene 18/],
    ['bastidor', 'VF1RFB00X1234567O', /I, O ni Q/],
    ['bastidor', 'VF1-RFB00', /no lo tengo/],
    ['nombre', 'Juan123', /solo puedo aceptar letras/],
    ['nombre', 'J', /incompleto/],
    ['nombre', '', /Necesito el nombre/],
    ['apellidos', 'x'.repeat(101), /demasiado largo/],
    ['taller_telefono', '512345678', /6, 7, 8 o 9/],
    ['taller_telefono', '61234567', /9 cifras/],
    ['domicilio_provincia', 'Narnia', /No reconozco esa provincia/],
    ['domicilio_provincia', 'Mardid Sur', /provincia/],
    ['domicilio_localidad', '12345', /No reconozco eso como la localidad/],
    ['domicilio_calle', 'a', /incompleto para la dirección/],
    ['taller_nombre', 'x'.repeat(201), /máximo 200/],
    ['marca', 'x', /incompleto para la marca/],
    ['itv_nombre', '', /Necesito la estación ITV/],
  ])('%s %p', (key, raw, message) => {
    const check = validateCaseField(key, raw, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });
});
