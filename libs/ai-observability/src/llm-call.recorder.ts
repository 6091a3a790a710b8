import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BaseConfig } from '@app/config';
import { priceOf, truncateString } from '@app/domain';
import { LlmCallRecord } from './types';

const MAX_INT = 2_147_483_647;
const clampInt = (value: number): number =>
  Number.isFinite(value) ? Math.min(MAX_INT, Math.max(0, Math.round(value))) : 0;
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * Records one LLM call: a `llm_usage_metrics` row with its estimated cost, and the month's
 * per-model totals in `token_usage`, incremented atomically in the same transaction (so
 * concurrent calls from several workers never lose an increment). Never throws: a database
 * error is logged and the record dropped.
 */
@Injectable()
export class LlmCallRecorder {
  private readonly logger = new Logger(LlmCallRecorder.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly config: BaseConfig,
  ) {}

  public async record(call: LlmCallRecord): Promise<void> {
    const at = call.at ?? new Date();
    const model = truncateString(String(call.model), 100);
    const inputTokens = clampInt(call.inputTokens);
    const outputTokens = clampInt(call.outputTokens);
    const price = priceOf(model, this.config.llmPricing.prices);
    const costInput = price ? round6((inputTokens * price.inputPerMillion) / 1e6) : 0;
    const costOutput = price ? round6((outputTokens * price.outputPerMillion) / 1e6) : 0;
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO "llm_usage_metrics"
             ("conversation_id", "task_type", "provider", "model", "latency_ms", "input_tokens",
              "output_tokens", "success", "error", "fallback_used", "estimated_cost_usd", "created_at")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            call.conversationId === null ? null : truncateString(String(call.conversationId), 100),
            truncateString(String(call.taskType), 50),
            truncateString(String(call.provider), 30),
            model,
            clampInt(call.latencyMs),
            inputTokens,
            outputTokens,
            call.success === true,
            call.error ? truncateString(call.error, 1000) : null,
            call.fallbackUsed === true,
            round6(costInput + costOutput),
            at,
          ],
        );
        await manager.query(
          `INSERT INTO "token_usage"
             ("year", "month", "model", "input_tokens", "output_tokens", "total_requests",
              "cost_input_usd", "cost_output_usd")
           VALUES ($1, $2, $3, $4, $5, 1, $6, $7)
           ON CONFLICT ON CONSTRAINT "uq_token_usage_year_month_model" DO UPDATE SET
             "input_tokens" = "token_usage"."input_tokens" + EXCLUDED."input_tokens",
             "output_tokens" = "token_usage"."output_tokens" + EXCLUDED."output_tokens",
             "total_requests" = "token_usage"."total_requests" + 1,
             "cost_input_usd" = "token_usage"."cost_input_usd" + EXCLUDED."cost_input_usd",
             "cost_output_usd" = "token_usage"."cost_output_usd" + EXCLUDED."cost_output_usd",
             "updated_at" = now()`,
          [
            at.getUTCFullYear(),
            at.getUTCMonth() + 1,
            model,
            inputTokens,
            outputTokens,
            costInput,
            costOutput,
          ],
        );
      });
    } catch (error) {
      this.logger.warn(
        `dropped LLM usage record (${model}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
