/** Price of one model in USD per million tokens. */
export interface LlmPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Prices by model name. */
export type LlmPriceTable = ReadonlyMap<string, LlmPrice>;

const PRICE = /^\d{1,6}(?:\.\d{1,6})?$/;
const MODEL = /^[A-Za-z0-9._:/@-]{1,100}$/;

/**
 * Parses `model=input/output,model=input/output` (USD per million tokens), e.g.
 * `gpt-4o-mini=0.15/0.60,deepseek/deepseek-chat=0.14/0.28,llama3:8b=0/0`. Throws a readable
 * error on the first malformed or repeated entry; an empty string is an empty table.
 */
export function parseLlmPrices(raw: string): Map<string, LlmPrice> {
  const table = new Map<string, LlmPrice>();
  for (const part of raw.split(',')) {
    const entry = part.trim();
    if (!entry) continue;
    const eq = entry.lastIndexOf('=');
    const model = eq > 0 ? entry.slice(0, eq).trim() : '';
    const prices = eq > 0 ? entry.slice(eq + 1).split('/') : [];
    const [input, output] = prices.map((price) => price.trim());
    if (
      !MODEL.test(model) ||
      prices.length !== 2 ||
      !PRICE.test(input ?? '') ||
      !PRICE.test(output ?? '')
    ) {
      throw new Error(`"${entry}" is not model=input/output (USD per million tokens)`);
    }
    if (table.has(model)) throw new Error(`model "${model}" is priced twice`);
    table.set(model, { inputPerMillion: Number(input), outputPerMillion: Number(output) });
  }
  return table;
}

/** The price of a model: exact name first, then without a provider prefix (`openai/x` → `x`). */
export function priceOf(model: string, pricing: LlmPriceTable): LlmPrice | undefined {
  return pricing.get(model) ?? pricing.get(model.slice(model.lastIndexOf('/') + 1));
}

/** Estimated cost in USD of one call; 0 for a model without a configured price. */
export function estimateCostUsd(
  model: string,
  inputTokens: number,
  outputTokens: number,
  pricing: LlmPriceTable,
): number {
  const price = priceOf(model, pricing);
  if (!price) return 0;
  const cost =
    (Math.max(0, inputTokens) * price.inputPerMillion +
      Math.max(0, outputTokens) * price.outputPerMillion) /
    1_000_000;
  // numeric(12,6) in the database: round here so the sum of rows equals the stored total.
  return Math.round(cost * 1e6) / 1e6;
}
