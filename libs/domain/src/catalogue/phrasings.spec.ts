import { seedEngine } from '@app/catalogue-seed';
import { ASEICARS_PHRASINGS, MOTOS_PHRASINGS, Phrasing } from './__fixtures__/phrasings';

const describeCategory = (slug: string, phrasings: Phrasing[]): void => {
  describe(`${slug}: Spanish customer phrasings`, () => {
    const engine = seedEngine(slug);

    it('has at least 40 phrasings', () => {
      expect(phrasings.length).toBeGreaterThanOrEqual(40);
    });

    it.each(phrasings.map((p) => [p.text, p] as const))('%s', (_text, phrasing) => {
      const { match, quote } = engine.quoteText(phrasing.text);
      const codes = match.elements
        .map((el) => (el.quantity > 1 ? `${el.code}x${el.quantity}` : el.code))
        .sort();
      expect(codes).toEqual(phrasing.codes);
      expect(quote.price).toBe(phrasing.price);
      expect(match.variantQuestions.map((q) => q.baseCode).sort()).toEqual(phrasing.ask ?? []);
      if (phrasing.ambiguous) {
        expect(match.ambiguities.map((a) => a.candidates.map((c) => c.code).sort())).toEqual(
          phrasing.ambiguous,
        );
      }
      if (phrasing.excluded) {
        expect(match.excluded.map((el) => el.code).sort()).toEqual(phrasing.excluded);
      }
      if (phrasing.unmatched) expect(match.unmatchedTerms).toEqual(phrasing.unmatched);
    });
  });
};

describeCategory('motos-part', MOTOS_PHRASINGS);
describeCategory('aseicars-prof', ASEICARS_PHRASINGS);
