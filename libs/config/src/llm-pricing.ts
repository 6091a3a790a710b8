import { registerDecorator, ValidationOptions } from 'class-validator';
import { estimateCostUsd, LlmPrice, LlmPriceTable, parseLlmPrices, priceOf } from '@app/domain';

/** Validates `LLM_PRICES` (`model=input/output,…`, USD per million tokens). */
export function IsLlmPrices(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLlmPrices',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || value.length > 2000) return false;
          try {
            parseLlmPrices(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage(): string {
          return (
            `${String(propertyName)} must be a comma-separated list of model=input/output ` +
            '(USD per million tokens, each model once), e.g. gpt-4o-mini=0.15/0.60,llama3=0/0'
          );
        },
      },
    });
  };
}

/**
 * LLM token prices (USD per million tokens, by model) and the USD→EUR rate used where costs are
 * shown in euros. Read by the api (usage pages) and the worker (cost of each call).
 */
export class LlmPricing {
  public readonly prices: LlmPriceTable;

  public constructor(
    rawPrices: string,
    /** Euros per US dollar. */
    public readonly eurPerUsd: number,
  ) {
    this.prices = parseLlmPrices(rawPrices);
  }

  /** Configured models, in the order given (the first is the default model). */
  public models(): string[] {
    return [...this.prices.keys()];
  }

  public priceOf(model: string): LlmPrice | undefined {
    return priceOf(model, this.prices);
  }

  public costUsd(model: string, inputTokens: number, outputTokens: number): number {
    return estimateCostUsd(model, inputTokens, outputTokens, this.prices);
  }
}
