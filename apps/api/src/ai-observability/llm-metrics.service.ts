import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BaseConfig } from '@app/config';
import { LlmUsageMetricEntity } from '@app/database';
import { LlmPrice } from '@app/domain';
import {
  LlmConfigResponseDto,
  LlmHealthResponseDto,
  LlmHourlyUsageDto,
  LlmMetricsSummaryDto,
  LlmProviderHealthDto,
  LlmTaskTypeStatsDto,
  LlmTierStatsDto,
} from './dto/llm-metrics.dto';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Hours since the epoch: the UTC hour bucket of a call. */
const HOUR_INDEX = 'floor(extract(epoch FROM m.created_at) / 3600)';
/** Provider health is judged on the calls of this window. */
export const HEALTH_WINDOW_MINUTES = 15;

interface GroupRow {
  task_type: string;
  provider: string;
  model: string;
  calls: number;
  successes: number;
  fallbacks: number;
  latency_sum: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

const percent = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
const usd = (value: number): string => value.toFixed(6);

/**
 * Read side of `llm_usage_metrics`. A call is "local" when its model is priced 0/0 in
 * LLM_PRICES (self-hosted); every other call is "cloud". The hypothetical all-cloud cost prices
 * every token at the first model of LLM_PRICES with a non-zero price.
 */
@Injectable()
export class LlmMetricsService {
  public constructor(
    @InjectRepository(LlmUsageMetricEntity)
    private readonly metrics: Repository<LlmUsageMetricEntity>,
    private readonly config: BaseConfig,
  ) {}

  public async summary(days: number, now = new Date()): Promise<LlmMetricsSummaryDto> {
    const start = new Date(now.getTime() - days * DAY_MS);
    const groups = await this.groups(start, now);
    const tiers = new Map<string, LlmTierStatsDto & { latencySum: number; cost: number }>();
    const tasks = new Map<string, LlmTaskTypeStatsDto & { latencySum: number }>();
    let total = 0;
    let local = 0;
    let fallbacks = 0;
    let actual = 0;
    let hypothetical = 0;
    const cloudPrice = this.defaultCloudPrice();
    for (const row of groups) {
      const isLocal = this.isLocal(row.model);
      total += row.calls;
      if (isLocal) local += row.calls;
      fallbacks += row.fallbacks;
      actual += row.cost_usd;
      hypothetical += cloudPrice
        ? (row.input_tokens * cloudPrice.inputPerMillion +
            row.output_tokens * cloudPrice.outputPerMillion) /
          1e6
        : row.cost_usd;

      const tierKey = `${row.model}\u0000${row.provider}`;
      const tier = tiers.get(tierKey) ?? {
        tier: row.model,
        provider: row.provider,
        total_calls: 0,
        successful_calls: 0,
        failed_calls: 0,
        success_rate: 0,
        avg_latency_ms: 0,
        total_input_tokens: 0,
        total_output_tokens: 0,
        estimated_cost_usd: null,
        latencySum: 0,
        cost: 0,
      };
      tier.total_calls += row.calls;
      tier.successful_calls += row.successes;
      tier.failed_calls += row.calls - row.successes;
      tier.total_input_tokens = (tier.total_input_tokens ?? 0) + row.input_tokens;
      tier.total_output_tokens = (tier.total_output_tokens ?? 0) + row.output_tokens;
      tier.latencySum += row.latency_sum;
      tier.cost += row.cost_usd;
      tiers.set(tierKey, tier);

      const task = tasks.get(row.task_type) ?? {
        task_type: row.task_type,
        total_calls: 0,
        local_calls: 0,
        cloud_calls: 0,
        local_percentage: 0,
        avg_latency_ms: 0,
        latencySum: 0,
      };
      task.total_calls += row.calls;
      if (isLocal) task.local_calls += row.calls;
      else task.cloud_calls += row.calls;
      task.latencySum += row.latency_sum;
      tasks.set(row.task_type, task);
    }
    const savings = Math.max(0, hypothetical - actual);
    return {
      period_start: start.toISOString(),
      period_end: now.toISOString(),
      tier_stats: [...tiers.values()]
        .sort((a, b) => b.total_calls - a.total_calls || a.tier.localeCompare(b.tier))
        .map(({ latencySum, cost, ...tier }) => ({
          ...tier,
          success_rate: percent(tier.successful_calls, tier.total_calls),
          avg_latency_ms: Math.round(latencySum / Math.max(1, tier.total_calls)),
          estimated_cost_usd: usd(cost),
        })),
      task_type_stats: [...tasks.values()]
        .sort((a, b) => b.total_calls - a.total_calls || a.task_type.localeCompare(b.task_type))
        .map(({ latencySum, ...task }) => ({
          ...task,
          local_percentage: percent(task.local_calls, task.total_calls),
          avg_latency_ms: Math.round(latencySum / Math.max(1, task.total_calls)),
        })),
      cost_savings: {
        period_days: days,
        total_calls: total,
        local_calls: local,
        cloud_calls: total - local,
        local_percentage: percent(local, total),
        actual_cost_usd: usd(actual),
        hypothetical_cloud_cost_usd: usd(hypothetical),
        estimated_savings_usd: usd(savings),
        savings_percentage: percent(savings, hypothetical),
      },
      fallback_count: fallbacks,
      fallback_rate: percent(fallbacks, total),
    };
  }

  public async hourly(hours: number, now = new Date()): Promise<LlmHourlyUsageDto[]> {
    const firstHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (hours - 1) * HOUR_MS;
    const rows = await this.metrics
      .createQueryBuilder('m')
      .select(`${HOUR_INDEX}::int`, 'hour')
      .addSelect('m.model', 'model')
      .addSelect('COUNT(*)::int', 'calls')
      .where('m.created_at >= :from', { from: new Date(firstHour) })
      .andWhere('m.created_at <= :to', { to: now })
      .groupBy(HOUR_INDEX)
      .addGroupBy('m.model')
      .getRawMany<{ hour: number; model: string; calls: number }>();
    const buckets = new Map<number, LlmHourlyUsageDto>();
    for (let i = 0; i < hours; i += 1) {
      const start = firstHour + i * HOUR_MS;
      buckets.set(start, {
        hour: new Date(start).toISOString(),
        local_calls: 0,
        cloud_calls: 0,
        total_calls: 0,
      });
    }
    for (const row of rows) {
      const bucket = buckets.get(row.hour * HOUR_MS);
      if (!bucket) continue;
      bucket.total_calls += row.calls;
      if (this.isLocal(row.model)) bucket.local_calls += row.calls;
      else bucket.cloud_calls += row.calls;
    }
    return [...buckets.values()];
  }

  public async health(now = new Date()): Promise<LlmHealthResponseDto> {
    const from = new Date(now.getTime() - HEALTH_WINDOW_MINUTES * 60_000);
    const rows = await this.metrics
      .createQueryBuilder('m')
      .select(['m.provider', 'm.model', 'm.success', 'm.error', 'm.createdAt'])
      .where('m.created_at >= :from', { from })
      .orderBy('m.created_at', 'DESC')
      .limit(5000)
      .getMany();
    const providers: Record<string, LlmProviderHealthDto> = {};
    const models = new Map<string, Set<string>>();
    for (const row of rows) {
      const health = (providers[row.provider] ??= {
        status: 'unknown',
        last_call_at: row.createdAt.toISOString(),
        recent_calls: 0,
        recent_failures: 0,
      });
      health.recent_calls += 1;
      if (!row.success) {
        health.recent_failures += 1;
        health.error ??= (row.error ?? 'error').slice(0, 200);
      } else {
        const set = models.get(row.provider) ?? new Set<string>();
        set.add(row.model);
        models.set(row.provider, set);
      }
    }
    for (const [name, health] of Object.entries(providers)) {
      health.status =
        health.recent_failures === 0
          ? 'healthy'
          : health.recent_failures === health.recent_calls
            ? 'unhealthy'
            : 'degraded';
      health.models_available = [...(models.get(name) ?? [])].sort();
      if (health.status === 'healthy') delete health.error;
    }
    const unknown = (): LlmProviderHealthDto => ({
      status: 'unknown',
      last_call_at: null,
      recent_calls: 0,
      recent_failures: 0,
    });
    return {
      ollama: providers.ollama ?? unknown(),
      openrouter: providers.openrouter ?? unknown(),
      providers,
      window_minutes: HEALTH_WINDOW_MINUTES,
    };
  }

  public async configuration(now = new Date()): Promise<LlmConfigResponseDto> {
    const models = this.config.llmPricing.models();
    const monthRows = await this.groups(new Date(now.getTime() - 30 * DAY_MS), now);
    const tiers: LlmConfigResponseDto['tiers'] = {};
    for (const model of models) {
      const tasks = [
        ...new Set(monthRows.filter((r) => r.model === model).map((r) => r.task_type)),
      ];
      tiers[model] = { model, tasks: tasks.sort() };
    }
    const weekFrom = now.getTime() - 7 * DAY_MS;
    const weekRows = await this.groups(new Date(weekFrom), now);
    const routing: LlmConfigResponseDto['routing'] = {};
    const best = new Map<string, GroupRow>();
    for (const row of weekRows) {
      const current = best.get(row.task_type);
      if (!current || row.calls > current.calls) best.set(row.task_type, row);
    }
    for (const [taskType, row] of [...best.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      routing[taskType] = { use_local: this.isLocal(row.model), model: row.model };
    }
    const local = models.some((model) => this.isLocal(model));
    return {
      hybrid_enabled: local && models.some((model) => !this.isLocal(model)),
      tiers,
      routing,
      metrics_enabled: true,
      metrics_retention_days: 0,
    };
  }

  private isLocal(model: string): boolean {
    const price = this.config.llmPricing.priceOf(model);
    return price !== undefined && price.inputPerMillion === 0 && price.outputPerMillion === 0;
  }

  private defaultCloudPrice(): LlmPrice | undefined {
    return [...this.config.llmPricing.prices.values()].find(
      (price) => price.inputPerMillion > 0 || price.outputPerMillion > 0,
    );
  }

  private async groups(from: Date, to: Date): Promise<GroupRow[]> {
    const rows = await this.metrics
      .createQueryBuilder('m')
      .select('m.task_type', 'task_type')
      .addSelect('m.provider', 'provider')
      .addSelect('m.model', 'model')
      .addSelect('COUNT(*)::int', 'calls')
      .addSelect('COUNT(*) FILTER (WHERE m.success)::int', 'successes')
      .addSelect('COUNT(*) FILTER (WHERE m.fallback_used)::int', 'fallbacks')
      .addSelect('COALESCE(SUM(m.latency_ms), 0)::float8', 'latency_sum')
      .addSelect('COALESCE(SUM(m.input_tokens), 0)::float8', 'input_tokens')
      .addSelect('COALESCE(SUM(m.output_tokens), 0)::float8', 'output_tokens')
      .addSelect('COALESCE(SUM(m.estimated_cost_usd), 0)::float8', 'cost_usd')
      .where('m.created_at >= :from', { from })
      .andWhere('m.created_at <= :to', { to })
      .groupBy('m.task_type')
      .addGroupBy('m.provider')
      .addGroupBy('m.model')
      .getRawMany<GroupRow>();
    return rows;
  }
}
