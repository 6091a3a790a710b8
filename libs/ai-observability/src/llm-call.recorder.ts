import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BaseConfig } from '@app/config';
import { LingeringBatcher, priceOf, truncateString } from '@app/domain';
import { LlmCallRecord } from './types';

const MAX_INT = 2_147_483_647;
const clampInt = (value: number): number =>
  Number.isFinite(value) ? Math.min(MAX_INT, Math.max(0, Math.round(value))) : 0;
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** One call as stored: its values bounded, its time fixed, with its estimated cost. */
type CallRow = Required<LlmCallRecord> & { costInput: number; costOutput: number };

/** Rows per INSERT: keeps a huge batch under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 2000;
/** How long a first call waits for others before they are written (metrics need not be live). */
const LINGER_MS = 100;

/**
 * Records LLM calls: a `llm_usage_metrics` row each with its estimated cost, and the month's
 * per-model totals in `token_usage`, incremented atomically in the same transaction (so
 * concurrent calls from several workers never lose an increment). Calls are grouped
 * (`LingeringBatcher`): a burst of turns writes one transaction with one increment per month
 * and model, instead of one transaction per call that all queue on the same totals row.
 * Never throws: a database error is logged and the records dropped. A clean stop writes what
 * is queued.
 */
@Injectable()
export class LlmCallRecorder implements BeforeApplicationShutdown {
  private readonly logger = new Logger(LlmCallRecorder.name);
  private readonly batcher = new LingeringBatcher<CallRow>(LINGER_MS, (rows) => this.write(rows));

  public constructor(
    private readonly dataSource: DataSource,
    private readonly config: BaseConfig,
  ) {}

  /** Resolves once the calls are written or dropped. */
  public record(...calls: LlmCallRecord[]): Promise<void> {
    return this.batcher.add(calls.map((call) => this.toRow(call)));
  }

  public beforeApplicationShutdown(): Promise<void> {
    return this.batcher.drain();
  }

  private toRow(call: LlmCallRecord): CallRow {
    const model = truncateString(String(call.model), 100);
    const inputTokens = clampInt(call.inputTokens);
    const outputTokens = clampInt(call.outputTokens);
    const price = priceOf(model, this.config.llmPricing.prices);
    return {
      conversationId:
        call.conversationId === null ? null : truncateString(String(call.conversationId), 100),
      taskType: truncateString(String(call.taskType), 50),
      provider: truncateString(String(call.provider), 30),
      model,
      latencyMs: clampInt(call.latencyMs),
      inputTokens,
      outputTokens,
      success: call.success === true,
      error: call.error ? truncateString(call.error, 1000) : null,
      fallbackUsed: call.fallbackUsed === true,
      costInput: price ? round6((inputTokens * price.inputPerMillion) / 1e6) : 0,
      costOutput: price ? round6((outputTokens * price.outputPerMillion) / 1e6) : 0,
      at: call.at ?? new Date(),
    };
  }

  private async write(rows: CallRow[]): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (manager) => {
        for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
          const chunk = rows.slice(start, start + INSERT_CHUNK);
          await manager.query(
            `INSERT INTO "llm_usage_metrics"
               ("conversation_id", "task_type", "provider", "model", "latency_ms", "input_tokens",
                "output_tokens", "success", "error", "fallback_used", "estimated_cost_usd", "created_at")
             VALUES ${placeholders(chunk.length, 12)}`,
            chunk.flatMap((row) => [
              row.conversationId,
              row.taskType,
              row.provider,
              row.model,
              row.latencyMs,
              row.inputTokens,
              row.outputTokens,
              row.success,
              row.error,
              row.fallbackUsed,
              round6(row.costInput + row.costOutput),
              row.at,
            ]),
          );
        }
        const totals = monthlyTotals(rows);
        // One row per month and model, in key order: two workers' batches lock them alike.
        await manager.query(
          `INSERT INTO "token_usage"
             ("year", "month", "model", "input_tokens", "output_tokens", "total_requests",
              "cost_input_usd", "cost_output_usd")
           VALUES ${placeholders(totals.length, 8)}
           ON CONFLICT ON CONSTRAINT "uq_token_usage_year_month_model" DO UPDATE SET
             "input_tokens" = "token_usage"."input_tokens" + EXCLUDED."input_tokens",
             "output_tokens" = "token_usage"."output_tokens" + EXCLUDED."output_tokens",
             "total_requests" = "token_usage"."total_requests" + EXCLUDED."total_requests",
             "cost_input_usd" = "token_usage"."cost_input_usd" + EXCLUDED."cost_input_usd",
             "cost_output_usd" = "token_usage"."cost_output_usd" + EXCLUDED."cost_output_usd",
             "updated_at" = now()`,
          totals.flatMap((total) => [
            total.year,
            total.month,
            total.model,
            total.inputTokens,
            total.outputTokens,
            total.requests,
            round6(total.costInput),
            round6(total.costOutput),
          ]),
        );
      });
      return true;
    } catch (error) {
      this.logger.warn(
        `dropped ${rows.length} LLM usage record(s): ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }
}

/** `($1, $2, …), (…)` for `rows` rows of `columns` parameters. */
const placeholders = (rows: number, columns: number): string =>
  Array.from(
    { length: rows },
    (_, row) =>
      `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`,
  ).join(', ');

interface MonthlyTotal {
  year: number;
  month: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  requests: number;
  costInput: number;
  costOutput: number;
}

/** The batch summed per UTC month and model, sorted by that key. */
const monthlyTotals = (rows: CallRow[]): MonthlyTotal[] => {
  const totals = new Map<string, MonthlyTotal>();
  for (const row of rows) {
    const year = row.at.getUTCFullYear();
    const month = row.at.getUTCMonth() + 1;
    const key = `${year}-${String(month).padStart(2, '0')} ${row.model}`;
    const total = totals.get(key) ?? {
      year,
      month,
      model: row.model,
      inputTokens: 0,
      outputTokens: 0,
      requests: 0,
      costInput: 0,
      costOutput: 0,
    };
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.requests += 1;
    total.costInput += row.costInput;
    total.costOutput += row.costOutput;
    totals.set(key, total);
  }
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
};
