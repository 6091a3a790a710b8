import { CommonEnv } from './common.env';
import { LlmPricing } from './llm-pricing';
import { ConfigValidationError, validateEnv } from './validate-env';

describe('LLM pricing configuration', () => {
  it('defaults to no prices and 0.92 EUR per USD', () => {
    const env = validateEnv(CommonEnv, {});
    const pricing = new LlmPricing(env.LLM_PRICES, env.LLM_EUR_PER_USD);
    expect(pricing.models()).toEqual([]);
    expect(pricing.eurPerUsd).toBe(0.92);
    expect(pricing.costUsd('gpt-4o-mini', 1000, 1000)).toBe(0);
  });

  it('reads LLM_PRICES in order and prices calls', () => {
    const env = validateEnv(CommonEnv, {
      LLM_PRICES: 'gpt-4o-mini=0.15/0.60,llama3:8b=0/0',
      LLM_EUR_PER_USD: '0.5',
    });
    const pricing = new LlmPricing(env.LLM_PRICES, env.LLM_EUR_PER_USD);
    expect(pricing.models()).toEqual(['gpt-4o-mini', 'llama3:8b']);
    expect(pricing.costUsd('gpt-4o-mini', 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
    expect(pricing.eurPerUsd).toBe(0.5);
  });

  it.each([
    ['LLM_PRICES', 'gpt-4o-mini=cheap'],
    ['LLM_PRICES', 'gpt=1/1,gpt=2/2'],
    ['LLM_EUR_PER_USD', '0'],
    ['LLM_EUR_PER_USD', 'abc'],
  ])('refuses %s=%s at boot, naming the variable', (name, value) => {
    expect(() => validateEnv(CommonEnv, { [name]: value })).toThrow(ConfigValidationError);
    expect(() => validateEnv(CommonEnv, { [name]: value })).toThrow(name);
  });
});
