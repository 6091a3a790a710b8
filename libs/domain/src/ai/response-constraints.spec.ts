import {
  parseRequiredTools,
  ResponseConstraintRule,
  violatedConstraints,
} from './response-constraints';

const rule = (overrides: Partial<ResponseConstraintRule>): ResponseConstraintRule => ({
  id: 'r1',
  constraintType: 'price_requires_tool',
  detectionPattern: '\\d+\\s?€|\\+\\s?iva',
  requiredTools: ['calculate_quote'],
  errorInjection: 'Use calculate_quote first.',
  priority: 100,
  categoryId: null,
  ...overrides,
});

describe('violatedConstraints', () => {
  it('flags a matching reply when no required tool ran', () => {
    const rules = [rule({})];
    expect(violatedConstraints('Son 350 € + IVA', rules, [])).toEqual(rules);
  });

  it('matches case-insensitively', () => {
    expect(violatedConstraints('cuesta 100 + iva', [rule({})], ['case_status'])).toHaveLength(1);
  });

  it('is satisfied by any one of the required tools', () => {
    const r = rule({ requiredTools: ['calculate_quote', 'choose_variant'] });
    expect(violatedConstraints('350 €', [r], ['choose_variant'])).toEqual([]);
    expect(violatedConstraints('350 €', [r], new Set(['calculate_quote']))).toEqual([]);
  });

  it('ignores replies that do not match', () => {
    expect(violatedConstraints('Hola, ¿qué vehículo tienes?', [rule({})], [])).toEqual([]);
  });

  it('returns violations highest priority first and skips patterns that do not compile', () => {
    const low = rule({ id: 'low', priority: 10, detectionPattern: 'hola' });
    const high = rule({ id: 'high', priority: 90, detectionPattern: 'hola' });
    const broken = rule({ id: 'broken', priority: 99, detectionPattern: '(hola' });
    expect(violatedConstraints('hola', [low, broken, high], []).map((r) => r.id)).toEqual([
      'high',
      'low',
    ]);
  });

  it('handles the Spanish accents of seeded patterns', () => {
    const r = rule({ detectionPattern: 'te\\s(?:env[ií]o|mando)\\s(?:fotos?|im[aá]genes)' });
    expect(violatedConstraints('Te ENVÍO imágenes de ejemplo', [r], [])).toHaveLength(1);
  });
});

describe('parseRequiredTools', () => {
  it('splits the pipe-separated form and drops blanks', () => {
    expect(parseRequiredTools('calculate_quote| choose_variant ||')).toEqual([
      'calculate_quote',
      'choose_variant',
    ]);
  });
});
