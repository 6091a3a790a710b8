import { DomainError } from '../errors';
import {
  CatalogueErrorCode,
  checkElementParent,
  checkInclusionTarget,
  checkRange,
  checkRequiredFieldDefinition,
  ElementNode,
  MAX_ELEMENT_DEPTH,
  RequiredFieldDefinition,
} from './write-rules';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('checkRange', () => {
  it('accepts open, equal and increasing bounds', () => {
    expect(() => checkRange(null, 3, 'Cantidad')).not.toThrow();
    expect(() => checkRange(2, undefined, 'Cantidad')).not.toThrow();
    expect(() => checkRange(2, 2, 'Cantidad')).not.toThrow();
  });

  it('refuses a maximum below the minimum, naming what', () => {
    expect(() => checkRange(3, 2, 'Elementos')).toThrow(
      'Elementos: el máximo no puede ser menor que el mínimo',
    );
    expect(codeOf(() => checkRange(3, 2, 'x'))).toBe(CatalogueErrorCode.INVALID);
  });
});

describe('checkInclusionTarget', () => {
  const base = { tierId: 't1', minQuantity: null, maxQuantity: null };

  it('needs exactly one of element and included tier', () => {
    expect(() => checkInclusionTarget({ ...base, elementId: null, includedTierId: null })).toThrow(
      /exactamente uno/,
    );
    expect(() => checkInclusionTarget({ ...base, elementId: 'e', includedTierId: 't2' })).toThrow(
      /exactamente uno/,
    );
    expect(() =>
      checkInclusionTarget({ ...base, elementId: 'e', includedTierId: null }),
    ).not.toThrow();
  });

  it('refuses a tier including itself and an inverted quantity range', () => {
    expect(() => checkInclusionTarget({ ...base, elementId: null, includedTierId: 't1' })).toThrow(
      'Una tarifa no puede incluirse a sí misma',
    );
    expect(() =>
      checkInclusionTarget({
        ...base,
        elementId: 'e',
        includedTierId: null,
        minQuantity: 5,
        maxQuantity: 1,
      }),
    ).toThrow('Cantidad: el máximo no puede ser menor que el mínimo');
  });
});

describe('checkElementParent', () => {
  const tree = (nodes: ElementNode[]) => {
    const byId = new Map(nodes.map((node) => [node.id, node]));
    return (id: string): Promise<ElementNode | null> => Promise.resolve(byId.get(id) ?? null);
  };
  const node = (id: string, parentElementId: string | null, categoryId = 'c1'): ElementNode => ({
    id,
    categoryId,
    parentElementId,
  });

  it('accepts a parent of the same category', async () => {
    await expect(
      checkElementParent({ id: null, categoryId: 'c1' }, 'p', tree([node('p', null)])),
    ).resolves.toBeUndefined();
  });

  it('refuses a missing parent (404) and one of another category', async () => {
    await expect(
      checkElementParent({ id: null, categoryId: 'c1' }, 'p', tree([])),
    ).rejects.toMatchObject({ kind: 'not_found' });
    await expect(
      checkElementParent({ id: null, categoryId: 'c1' }, 'p', tree([node('p', null, 'c2')])),
    ).rejects.toMatchObject({ code: CatalogueErrorCode.INVALID_REFERENCE });
  });

  it('refuses cycles: the element itself or one of its descendants as parent', async () => {
    await expect(
      checkElementParent({ id: 'a', categoryId: 'c1' }, 'a', tree([node('a', null)])),
    ).rejects.toThrow('La jerarquía de elementos no puede tener ciclos');
    await expect(
      checkElementParent(
        { id: 'a', categoryId: 'c1' },
        'b',
        tree([node('a', null), node('b', 'a')]),
      ),
    ).rejects.toThrow('ciclos');
  });

  it(`refuses a chain deeper than ${MAX_ELEMENT_DEPTH}`, async () => {
    const chain = Array.from({ length: MAX_ELEMENT_DEPTH + 1 }, (_, i) =>
      node(`n${i}`, i === 0 ? null : `n${i - 1}`),
    );
    await expect(
      checkElementParent({ id: null, categoryId: 'c1' }, `n${MAX_ELEMENT_DEPTH}`, tree(chain)),
    ).rejects.toThrow(`Jerarquía de más de ${MAX_ELEMENT_DEPTH} niveles`);
    await expect(
      checkElementParent({ id: null, categoryId: 'c1' }, `n${MAX_ELEMENT_DEPTH - 1}`, tree(chain)),
    ).resolves.toBeUndefined();
  });
});

describe('checkRequiredFieldDefinition', () => {
  const field = (extra: Partial<RequiredFieldDefinition> = {}): RequiredFieldDefinition => ({
    id: 'f1',
    elementId: 'e1',
    fieldType: 'text',
    options: null,
    validationRules: null,
    conditionFieldId: null,
    conditionOperator: null,
    conditionValue: null,
    ...extra,
  });

  it('accepts a plain field and a coherent conditional one', () => {
    expect(() => checkRequiredFieldDefinition(field())).not.toThrow();
    expect(() =>
      checkRequiredFieldDefinition(
        field({ conditionFieldId: 'f0', conditionOperator: 'equals', conditionValue: 'Sí' }),
        { elementId: 'e1' },
      ),
    ).not.toThrow();
  });

  it('a select needs options; a pattern must be a valid regular expression', () => {
    expect(() => checkRequiredFieldDefinition(field({ fieldType: 'select' }))).toThrow(
      'Un campo select necesita opciones',
    );
    expect(() =>
      checkRequiredFieldDefinition(field({ fieldType: 'select', options: ['a'] })),
    ).not.toThrow();
    expect(() =>
      checkRequiredFieldDefinition(field({ validationRules: { pattern: '(' } })),
    ).toThrow(/pattern/);
    expect(() => checkRequiredFieldDefinition(field({ validationRules: { pattern: 3 } }))).toThrow(
      /pattern/,
    );
  });

  it('condition field and operator go together, never the field itself', () => {
    expect(() => checkRequiredFieldDefinition(field({ conditionFieldId: 'f0' }))).toThrow(
      'condition_field_id y condition_operator van juntos',
    );
    expect(() =>
      checkRequiredFieldDefinition(field({ conditionFieldId: 'f1', conditionOperator: 'is_set' }), {
        elementId: 'e1',
      }),
    ).toThrow('Un campo no puede depender de sí mismo');
  });

  it('the condition field must exist on the same element; equals needs a value', () => {
    const conditional = field({ conditionFieldId: 'f0', conditionOperator: 'equals' });
    expect(codeOf(() => checkRequiredFieldDefinition(conditional, null))).toBe(
      CatalogueErrorCode.INVALID_REFERENCE,
    );
    expect(codeOf(() => checkRequiredFieldDefinition(conditional, { elementId: 'e2' }))).toBe(
      CatalogueErrorCode.INVALID_REFERENCE,
    );
    expect(() => checkRequiredFieldDefinition(conditional, { elementId: 'e1' })).toThrow(
      'equals necesita condition_value',
    );
  });
});
