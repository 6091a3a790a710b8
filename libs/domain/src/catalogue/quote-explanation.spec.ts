import { QuoteFacts } from './quote-engine';
import { describeTierRejection, explainQuote } from './quote-explanation';

const facts = (extra: Partial<QuoteFacts> = {}): QuoteFacts => ({
  category: { id: 'c', slug: 'motos-part', name: 'Motos', clientType: 'particular' },
  elements: [{ elementId: 'e1', code: 'ESCAPE', name: 'Escape', quantity: 1 }],
  rejectedCodes: [],
  elementCount: 1,
  tier: {
    id: 't6',
    code: 'T6',
    name: 'Tarifa 6',
    description: null,
    price: 140,
    conditions: null,
    requiresProject: false,
  },
  price: 140,
  currency: 'EUR',
  vatIncluded: false,
  tierSelection: { reason: { kind: 'cheapest_eligible' }, matchedRules: [], checks: [] },
  warnings: { general: [], byElement: [] },
  documentation: { base: [], elements: [] },
  sendableImages: [],
  additionalServices: [],
  ...extra,
});

describe('explainQuote', () => {
  it('describes skipped cheaper tiers, the chosen one and its price', () => {
    const explanation = explainQuote(
      facts({
        tierSelection: {
          reason: { kind: 'cheapest_eligible' },
          matchedRules: [],
          checks: [
            {
              tierCode: 'T7',
              eligible: false,
              rejection: { reason: 'elements_not_included', codes: ['ESCAPE'] },
            },
            { tierCode: 'T6', eligible: true } as QuoteFacts['tierSelection']['checks'][number],
          ],
        },
      }),
    );
    expect(explanation).toEqual([
      'T7 descartada: no incluye ESCAPE.',
      'T6 es la tarifa más barata que admite estos elementos.',
      'Precio: 140.00 EUR + IVA por 1 elemento(s) (T6 Tarifa 6).',
    ]);
  });

  it('names rejected codes and says when no tier prices the request', () => {
    const explanation = explainQuote(
      facts({
        tier: null,
        price: null,
        tierSelection: { reason: null, matchedRules: [], checks: [] },
        rejectedCodes: [
          { code: 'X', reason: 'unknown', options: [] },
          { code: 'LUCES', reason: 'needs_variant', options: [{ code: 'LUCES_LED', name: 'LED' }] },
        ],
      }),
    );
    expect(explanation).toEqual([
      'X no es un elemento de motos-part.',
      'LUCES necesita elegir variante (LUCES_LED).',
      'Ninguna tarifa admite esta combinación: consultar con un técnico.',
    ]);
  });
});

describe('describeTierRejection', () => {
  it('words an out-of-range count with open bounds', () => {
    expect(
      describeTierRejection({ reason: 'count_out_of_range', count: 4, min: 1, max: null }),
    ).toBe('4 elemento(s) fuera del rango [1, ∞]');
  });
});
