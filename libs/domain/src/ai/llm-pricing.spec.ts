import { estimateCostUsd, parseLlmPrices } from './llm-pricing';

describe('parseLlmPrices', () => {
  it('reads model=input/output entries, including provider prefixes and tags', () => {
    const table = parseLlmPrices(
      'gpt-4o-mini=0.15/0.60, deepseek/deepseek-chat=0.14/0.28,llama3:8b=0/0',
    );
    expect([...table.keys()]).toEqual(['gpt-4o-mini', 'deepseek/deepseek-chat', 'llama3:8b']);
    expect(table.get('gpt-4o-mini')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
  });

  it('treats an empty string as no prices', () => {
    expect(parseLlmPrices('').size).toBe(0);
  });

  it.each([
    ['gpt'],
    ['gpt=1'],
    ['gpt=a/b'],
    ['=1/2'],
    ['gpt=1/2/3'],
    ['gpt=-1/2'],
    ['a=1/1,a=2/2'],
  ])('refuses %s', (raw) => {
    expect(() => parseLlmPrices(raw)).toThrow();
  });
});

describe('estimateCostUsd', () => {
  const pricing = parseLlmPrices('gpt-4o-mini=0.15/0.60,llama3=0/0');

  it('prices input and output tokens per million', () => {
    expect(estimateCostUsd('gpt-4o-mini', 1_000_000, 500_000, pricing)).toBeCloseTo(0.45, 10);
    expect(estimateCostUsd('gpt-4o-mini', 1234, 567, pricing)).toBe(0.000525);
  });

  it('falls back to the name without provider prefix', () => {
    expect(estimateCostUsd('openai/gpt-4o-mini', 1_000_000, 0, pricing)).toBeCloseTo(0.15, 10);
  });

  it('is zero for free and unknown models and never negative', () => {
    expect(estimateCostUsd('llama3', 10_000, 10_000, pricing)).toBe(0);
    expect(estimateCostUsd('unknown', 10_000, 10_000, pricing)).toBe(0);
    expect(estimateCostUsd('gpt-4o-mini', -5, -5, pricing)).toBe(0);
  });
});
