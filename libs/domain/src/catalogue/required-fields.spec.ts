import { SnapshotRequiredField } from './snapshot';
import {
  collectionMode,
  isFieldVisible,
  parseSpanishBoolean,
  validateFieldValue,
  visibleFields,
} from './required-fields';

const field = (key: string, extra: Partial<SnapshotRequiredField> = {}): SnapshotRequiredField => ({
  id: `f-${key}`,
  fieldKey: key,
  fieldLabel: key,
  fieldType: 'text',
  options: null,
  isRequired: true,
  validationRules: null,
  exampleValue: null,
  llmInstruction: null,
  conditionFieldId: null,
  conditionOperator: null,
  conditionValue: null,
  sortOrder: 0,
  isActive: true,
  ...extra,
});

describe('required fields (validation, visibility, collection order)', () => {
  describe('validation', () => {
    const length = field('longitud', {
      fieldType: 'number',
      validationRules: { min_value: 100, max_value: 500 },
    });

    it.each([
      ['280', 280],
      ['280 mm', 280],
      ['280mm', 280],
      ['2,5 cm', 2.5],
      ['150 cv', 150],
      ['120 euros', 120],
    ])('number %p → %p (units stripped)', (raw, value) => {
      const open = field('n', { fieldType: 'number' });
      expect(validateFieldValue(open, raw)).toEqual({ ok: true, value });
    });

    it('enforces min/max (and the min|max aliases)', () => {
      expect(validateFieldValue(length, '50')).toMatchObject({ ok: false });
      expect(validateFieldValue(length, '600 mm')).toMatchObject({ ok: false });
      const alias = field('x', { fieldType: 'number', validationRules: { min: 5, max: 30 } });
      expect(validateFieldValue(alias, '31')).toMatchObject({ ok: false });
      expect(validateFieldValue(length, 'mucho')).toMatchObject({ ok: false });
    });

    it.each([
      ['sí', true],
      ['Si', true],
      ['1', true],
      ['true', true],
      ['no', false],
      ['0', false],
      [false, false],
    ])('boolean %p → %p', (raw, value) => {
      expect(validateFieldValue(field('b', { fieldType: 'boolean' }), raw)).toEqual({
        ok: true,
        value,
      });
    });

    it('rejects an unknown boolean answer', () => {
      expect(validateFieldValue(field('b', { fieldType: 'boolean' }), 'quizás')).toMatchObject({
        ok: false,
      });
    });

    it('selects are case- and accent-insensitive and return the canonical option', () => {
      const select = field('material', { fieldType: 'select', options: ['Metálico', 'Piel'] });
      expect(validateFieldValue(select, 'metalico')).toEqual({ ok: true, value: 'Metálico' });
      const bad = validateFieldValue(select, 'madera');
      expect(bad).toMatchObject({ ok: false });
      expect(!bad.ok && bad.error).toContain('Metálico, Piel');
    });

    it('text patterns fail with the readable description', () => {
      const plate = field('homologacion', {
        validationRules: { pattern: '^e\\d', pattern_description: 'empieza por e y un número' },
      });
      expect(validateFieldValue(plate, 'e4*2012')).toEqual({ ok: true, value: 'e4*2012' });
      const bad = validateFieldValue(plate, 'xx');
      expect(!bad.ok && bad.error).toContain('empieza por e y un número');
      const lengths = field('t', { validationRules: { min_length: 3, max_length: 5 } });
      expect(validateFieldValue(lengths, 'ab')).toMatchObject({ ok: false });
      expect(validateFieldValue(lengths, 'abcdef')).toMatchObject({ ok: false });
    });

    it('required fields reject empty values; optional ones accept them as null', () => {
      expect(validateFieldValue(field('r'), '  ')).toMatchObject({ ok: false });
      expect(validateFieldValue(field('o', { isRequired: false }), '')).toEqual({
        ok: true,
        value: null,
      });
    });

    it('a broken admin pattern does not block the customer', () => {
      expect(validateFieldValue(field('p', { validationRules: { pattern: '([' } }), 'x')).toEqual({
        ok: true,
        value: 'x',
      });
    });
  });

  describe('visibility', () => {
    const change = field('cambio', { fieldType: 'boolean', sortOrder: 1 });
    const brand = field('marca', {
      sortOrder: 2,
      conditionFieldId: 'f-cambio',
      conditionOperator: 'equals',
      conditionValue: 'true',
    });
    const fields = [brand, change];

    it('equals compares booleans whatever the spelling', () => {
      expect(isFieldVisible(brand, fields, { cambio: 'sí' })).toBe(true);
      expect(isFieldVisible(brand, fields, { cambio: true })).toBe(true);
      expect(isFieldVisible(brand, fields, { cambio: 'no' })).toBe(false);
      expect(isFieldVisible(brand, fields, {})).toBe(false);
    });

    it('not_equals, exists, not_exists and dangling conditions', () => {
      const other = (
        operator: SnapshotRequiredField['conditionOperator'],
        value: string | null = null,
      ) =>
        field('x', {
          conditionFieldId: 'f-cambio',
          conditionOperator: operator,
          conditionValue: value,
        });
      expect(isFieldVisible(other('not_equals', 'Nueva'), fields, { cambio: 'nueva' })).toBe(false);
      expect(isFieldVisible(other('not_equals', 'Nueva'), fields, { cambio: 'Otra' })).toBe(true);
      expect(isFieldVisible(other('exists'), fields, { cambio: 'x' })).toBe(true);
      expect(isFieldVisible(other('not_exists'), fields, { cambio: 'x' })).toBe(false);
      const dangling = field('d', { conditionFieldId: 'f-gone', conditionOperator: 'equals' });
      expect(isFieldVisible(dangling, fields, {})).toBe(true);
    });

    it('visibleFields orders by sort_order and drops inactive or hidden fields', () => {
      const inactive = field('off', { isActive: false });
      expect(visibleFields([brand, change, inactive], {}).map((f) => f.fieldKey)).toEqual([
        'cambio',
      ]);
      expect(visibleFields([brand, change], { cambio: 'si' }).map((f) => f.fieldKey)).toEqual([
        'cambio',
        'marca',
      ]);
    });
  });

  it('collection mode', () => {
    const a = field('a');
    const b = field('b');
    const c = field('c');
    const childOfA = field('d', { conditionFieldId: 'f-a', conditionOperator: 'exists' });
    const grandChild = field('e', { conditionFieldId: 'f-d', conditionOperator: 'exists' });
    expect(collectionMode([a, b])).toBe('sequential');
    expect(collectionMode([a, b, c])).toBe('batch');
    expect(collectionMode([a, b, childOfA])).toBe('hybrid');
    expect(collectionMode([a, childOfA, grandChild])).toBe('sequential');
  });

  it('parseSpanishBoolean', () => {
    expect(parseSpanishBoolean('SÍ')).toBe(true);
    expect(parseSpanishBoolean(0)).toBe(false);
    expect(parseSpanishBoolean('tal vez')).toBeNull();
  });
});
