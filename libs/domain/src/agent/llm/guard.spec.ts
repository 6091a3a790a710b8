import { ResponseConstraintRule } from '../../ai/response-constraints';
import { checkPhrasedReply, moneyAmounts } from './guard';

const engineReply = {
  text: 'Homologar el *Escape* cuesta 140 € +IVA. El certificado del taller (85 € +IVA) no está incluido.',
  images: [],
  follow_up: '¿Quieres que abra el expediente?',
};
const priceRule: ResponseConstraintRule = {
  id: 'r1',
  constraintType: 'price_requires_tool',
  detectionPattern: '\\d+\\s*€',
  requiredTools: ['calculate_quote'],
  errorInjection: 'No des precios sin calcular el presupuesto.',
  priority: 10,
  categoryId: null,
};

const check = (phrased: string, toolsUsed: string[] = ['calculate_quote'], images = 0) =>
  checkPhrasedReply({
    phrased,
    engineReply: {
      ...engineReply,
      images: Array.from({ length: images }, () => ({ url: 'https://x/y.jpg', description: null })),
    },
    rules: [priceRule],
    toolsUsed,
  });

describe('phrased reply guard', () => {
  it('reads amounts written in every usual way', () => {
    expect(moneyAmounts('140 € y 85€, 1.234,50 euros, EUR 99, 12,5 eur, €7')).toEqual([
      140, 85, 1234.5, 12.5, 99, 7,
    ]);
    expect(moneyAmounts('tu moto de 2016 con 125 cc')).toEqual([]);
  });

  it('accepts a rephrasing with the same prices', () => {
    expect(
      check('¡Claro! El escape sale por 140,00 € (+IVA); aparte, el certificado son 85 euros.'),
    ).toEqual({ ok: true });
  });

  it('rejects a price the engine did not give', () => {
    const verdict = check('El escape te sale por 1 € +IVA.');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reasons.join()).toMatch(/importes.*\b1\b/);
    expect(check('Son 140 € más 30 euros de tasas.').ok).toBe(false);
  });

  it('rejects promising images or documents the engine is not sending', () => {
    expect(check('140 € +IVA. Te envío unas fotos de ejemplo ahora.').ok).toBe(false);
    expect(check('140 € +IVA. Te mando el presupuesto en PDF.').ok).toBe(false);
    // With images in the engine's reply, saying so is fine.
    expect(check('140 € +IVA. Te envío unas fotos de ejemplo.', ['calculate_quote'], 2).ok).toBe(
      true,
    );
  });

  it('rejects breaking a response constraint the engine reply keeps', () => {
    const verdict = checkPhrasedReply({
      phrased: 'Eso serían unos 140 €.',
      engineReply: { text: '¿Qué quieres homologar?', images: [], follow_up: null },
      rules: [priceRule],
      toolsUsed: [],
    });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reasons).toContain(priceRule.errorInjection);
  });

  it('rejects empty or runaway replies', () => {
    expect(check('   ').ok).toBe(false);
    expect(check('a'.repeat(5000)).ok).toBe(false);
  });
});
