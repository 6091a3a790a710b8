import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BaseConfig } from '@app/config';
import { TokenUsageEntity } from '@app/database';
import {
  TokenPricingResponseDto,
  TokenUsageCurrentResponseDto,
  TokenUsageListResponseDto,
  TokenUsageModelDto,
  TokenUsageMonthDto,
} from './dto/token-usage.dto';

const HISTORY_MONTHS = 12;
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

interface MonthTotals {
  year: number;
  month: number;
  models: TokenUsageModelDto[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Monthly token usage (UTC months) summed over models, with the per-model split. Costs are
 * stored in USD at call time and shown in EUR at LLM_EUR_PER_USD.
 */
@Injectable()
export class TokenUsageService {
  public constructor(
    @InjectRepository(TokenUsageEntity)
    private readonly usage: Repository<TokenUsageEntity>,
    private readonly config: BaseConfig,
  ) {}

  public async current(now = new Date()): Promise<TokenUsageCurrentResponseDto> {
    const year = now.getUTCFullYear();
    const month = now.getUTCMonth() + 1;
    const rows = await this.usage.find({ where: { year, month }, order: { model: 'ASC' } });
    const {
      id: _id,
      created_at: _c,
      updated_at: _u,
      ...totals
    } = this.toMonth({
      year,
      month,
      models: rows.map((row) => this.toModel(row)),
      createdAt: now,
      updatedAt: now,
    });
    return totals;
  }

  public async history(now = new Date()): Promise<TokenUsageListResponseDto> {
    // The current month and the 11 before it.
    const first = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (HISTORY_MONTHS - 1), 1),
    );
    const fromKey = first.getUTCFullYear() * 12 + first.getUTCMonth();
    const rows = await this.usage
      .createQueryBuilder('t')
      .where('(t.year * 12 + t.month - 1) >= :fromKey', { fromKey })
      .orderBy('t.year', 'DESC')
      .addOrderBy('t.month', 'DESC')
      .addOrderBy('t.model', 'ASC')
      .getMany();
    const months = new Map<string, MonthTotals>();
    for (const row of rows) {
      const key = `${row.year}-${String(row.month).padStart(2, '0')}`;
      const entry = months.get(key) ?? {
        year: row.year,
        month: row.month,
        models: [],
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
      entry.models.push(this.toModel(row));
      if (row.createdAt < entry.createdAt) entry.createdAt = row.createdAt;
      if (row.updatedAt > entry.updatedAt) entry.updatedAt = row.updatedAt;
      months.set(key, entry);
    }
    const items = [...months.values()].map((entry) => this.toMonth(entry));
    return { items, total: items.length };
  }

  public pricing(): TokenPricingResponseDto {
    const { llmPricing } = this.config;
    const rate = llmPricing.eurPerUsd;
    const models = [...llmPricing.prices.entries()].map(([model, price]) => ({
      model,
      input_price_per_million: round6(price.inputPerMillion * rate),
      output_price_per_million: round6(price.outputPerMillion * rate),
      input_price_per_million_usd: price.inputPerMillion,
      output_price_per_million_usd: price.outputPerMillion,
    }));
    const first = models[0];
    return {
      input_price_per_million: first?.input_price_per_million ?? 0,
      output_price_per_million: first?.output_price_per_million ?? 0,
      currency: 'EUR',
      eur_per_usd: rate,
      default_model: first?.model ?? null,
      models,
    };
  }

  private toModel(row: TokenUsageEntity): TokenUsageModelDto {
    const rate = this.config.llmPricing.eurPerUsd;
    const input = Number(row.inputTokens);
    const output = Number(row.outputTokens);
    const costInput = round6(Number(row.costInputUsd) * rate);
    const costOutput = round6(Number(row.costOutputUsd) * rate);
    return {
      model: row.model,
      input_tokens: input,
      output_tokens: output,
      total_tokens: input + output,
      total_requests: row.totalRequests,
      cost_input_eur: costInput,
      cost_output_eur: costOutput,
      cost_total_eur: round6(costInput + costOutput),
    };
  }

  private toMonth(entry: MonthTotals): TokenUsageMonthDto {
    const sum = (pick: (model: TokenUsageModelDto) => number): number =>
      entry.models.reduce((total, model) => total + pick(model), 0);
    return {
      id: `${entry.year}-${String(entry.month).padStart(2, '0')}`,
      year: entry.year,
      month: entry.month,
      input_tokens: sum((m) => m.input_tokens),
      output_tokens: sum((m) => m.output_tokens),
      total_tokens: sum((m) => m.total_tokens),
      total_requests: sum((m) => m.total_requests),
      cost_input_eur: round6(sum((m) => m.cost_input_eur)),
      cost_output_eur: round6(sum((m) => m.cost_output_eur)),
      cost_total_eur: round6(sum((m) => m.cost_total_eur)),
      models: entry.models,
      created_at: entry.createdAt.toISOString(),
      updated_at: entry.updatedAt.toISOString(),
    };
  }
}
