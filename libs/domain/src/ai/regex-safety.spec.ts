import { isValidRegex, regexBacktrackingRisk } from './regex-safety';

describe('regexBacktrackingRisk', () => {
  it.each([
    ['(a+)+'],
    ['(a*)*'],
    ['(.*)*'],
    ['(.+)+$'],
    ['^(\\w+\\s?)*$'],
    ['(\\d{1,3})+'],
    ['(?:x+y?)+'],
    ['(a|aa)*'],
    ['(a|a)+'],
    ['(\\w|\\d)+'],
    ['(.|x)+'],
    ['([a-z]|b)*'],
    ['(a?)*'],
    ['(a|)+'],
    ['(?:(?:a|ab)c)+'],
    ['((a+)b)*'],
    ['(?<name>a+){2,}'],
    ['foo|(b+)+'],
  ])('refuses %s', (pattern) => {
    expect(regexBacktrackingRisk(pattern)).not.toBeNull();
  });

  it.each([
    ['\\d+\\s?€'],
    ['(?:te\\s(?:envío|mando))\\s(?:fotos?|imágenes)'],
    [
      '\\d(?:[.,]\\d{1,3})?\\s?(?:€|euros?\\b|eur\\b)|€\\s?\\d|\\+\\s?iva\\b|presupuesto\\D{0,40}\\d',
    ],
    ['(?:ab)+'],
    ['(?:a|b)+'],
    ['(?:\\d|\\s)+'],
    ['(abc){2}'],
    ['(?:a{3})+'],
    ['\\d{1,3}(?:\\.\\d{3})*'],
    ['^[A-Z]{2}\\d+$'],
    ['con\\so\\ssin\\s\\w'],
    ['a{2,}b'],
    ['\\{literal brace\\}+'],
    ['(?:x|y)(?:z|w)*'],
  ])('accepts %s', (pattern) => {
    expect(regexBacktrackingRisk(pattern)).toBeNull();
  });

  it('refuses patterns it cannot parse', () => {
    expect(regexBacktrackingRisk('(a')).not.toBeNull();
    expect(regexBacktrackingRisk('[abc')).not.toBeNull();
  });

  it('refuses what actually backtracks catastrophically', () => {
    // The refused shape is slow for real: keep the demonstration tiny.
    const risky = '^(a+)+$';
    expect(regexBacktrackingRisk(risky)).toMatch(/nested quantifiers/);
    expect(new RegExp(risky).test(`${'a'.repeat(12)}!`)).toBe(false);
  });
});

describe('isValidRegex', () => {
  it('tells compiling patterns from broken ones', () => {
    expect(isValidRegex('\\d+€')).toBe(true);
    expect(isValidRegex('(a')).toBe(false);
    expect(isValidRegex('[z-a]')).toBe(false);
    expect(isValidRegex('a{2,1}')).toBe(false);
  });
});
