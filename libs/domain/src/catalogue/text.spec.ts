import { cardinal, editDistance, foldText, stem, typoSimilarity, trigrams } from './text';

describe('text helpers', () => {
  it('folds accents, case and punctuation', () => {
    expect(foldText('¿Cuánto cuesta el TUBO de escape?')).toBe('cuanto cuesta el tubo de escape');
    expect(foldText('Piñas')).toBe('pinas');
  });

  it.each([
    ['escapes', 'escape'],
    ['delanteras', 'delantero'],
    ['luces', 'luz'],
    ['manillares', 'manillar'],
    ['intermitentes', 'intermitente'],
  ])('stems %s like %s', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it('keeps short words', () => {
    expect(stem('gas')).toBe('gas');
    expect(stem('led')).toBe('led');
  });

  it.each([
    ['dos', 2],
    ['tres', 3],
    ['2', 2],
    ['x2', 2],
    ['2x', 2],
    ['par', 2],
    ['99', null],
    ['escape', null],
  ])('cardinal(%s) = %p', (token, value) => {
    expect(cardinal(token)).toBe(value);
  });

  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('escpae', 'escape')).toBe(1);
    expect(editDistance('manilar', 'manillar')).toBe(1);
    expect(editDistance('abc', 'xyzxyz', 2)).toBe(3);
  });

  it('typo similarity is high for typos and low for different words', () => {
    const sim = (a: string, b: string) => typoSimilarity(a, trigrams(a), b, trigrams(b));
    expect(sim('escpae', 'escape')).toBeGreaterThan(0.8);
    expect(sim('claraboi', 'claraboy')).toBeGreaterThan(0.8);
    expect(sim('manillar', 'maletas')).toBeLessThan(0.6);
  });
});
