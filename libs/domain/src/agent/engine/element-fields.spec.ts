import { seedSnapshot } from '@app/catalogue-seed';
import { SnapshotRequiredField } from '../../catalogue';
import { readFieldAnswers } from './element-fields';

const snapshot = seedSnapshot('motos-part');
const field = (code: string, key: string): SnapshotRequiredField => {
  const found = snapshot.elements
    .find((element) => element.code === code)
    ?.requiredFields.find((candidate) => candidate.fieldKey === key);
  if (!found) throw new Error(`no field ${code}.${key}`);
  return found;
};

describe('readFieldAnswers', () => {
  it.each<[string, string, string, number]>([
    ['MANILLAR', 'nuevo_ancho_mm', '760', 760],
    ['MANILLAR', 'nuevo_ancho_mm', '760 mm', 760],
    ['MANILLAR', 'nuevo_ancho_mm', '76 cm', 760],
    ['MANILLAR', 'nueva_altura_mm', '8,5 cm', 85],
    ['SUBCHASIS', 'nueva_longitud_total', '2 metros', 2000],
    ['SUBCHASIS', 'nueva_longitud_total', '2,1 m', 2100],
    ['HORQUILLA', 'distancia_entre_ejes', '1.450 mm', 1450],
    ['FRENADO_PINZAS', 'num_pistones', '4 pistones', 4],
    ['DEPOSITO', 'capacidad_litros', '18 litros', 18],
  ])('%s.%s: "%s" → %d', (code, key, text, value) => {
    expect(readFieldAnswers([field(code, key)], text, null)).toEqual({
      values: { [key]: value },
      skipped: [],
      errors: [],
    });
  });

  it('stores nothing for a length out of range, even with its unit converted', () => {
    const answers = readFieldAnswers([field('SUBCHASIS', 'medida_desde_tanque')], '5 cm', null);
    expect(answers.values).toEqual({});
    expect(answers.errors).toEqual([
      '"Nueva medida desde el tanque (mm)" debe ser como mínimo 100.',
    ]);
  });

  it.each<[string, string, string, string]>([
    ['ASIDEROS', 'tipo_sustitucion', 'metálicos', 'Metálico'],
    ['ASIDEROS', 'tipo_sustitucion', 'son de piel', 'Piel'],
    ['ESTRIBERAS', 'material', 'de titanio', 'Titanio'],
    ['CARENADO', 'pieza1_material', 'fibras de carbono', 'Fibra de carbono'],
  ])('%s.%s: "%s" → %s', (code, key, text, option) => {
    expect(readFieldAnswers([field(code, key)], text, null).values).toEqual({ [key]: option });
  });

  it('refuses an answer that names no option', () => {
    const answers = readFieldAnswers([field('ASIDEROS', 'tipo_sustitucion')], 'de madera', null);
    expect(answers.values).toEqual({});
    expect(answers.errors[0]).toContain('Piel, Metálico');
  });
});
