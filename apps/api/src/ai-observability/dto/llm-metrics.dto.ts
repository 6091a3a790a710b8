import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { QueryInteger } from '../../common/validation/decorators';

export class LlmSummaryQueryDto {
  @QueryInteger({ min: 1, max: 90, default: 7, description: 'Period in days' })
  days: number = 7;
}

export class LlmHourlyQueryDto {
  @QueryInteger({ min: 1, max: 168, default: 24, description: 'Period in hours' })
  hours: number = 24;
}

export class LlmTierStatsDto {
  @ApiProperty({ description: 'The model' }) tier: string;
  @ApiProperty() provider: string;
  @ApiProperty() total_calls: number;
  @ApiProperty() successful_calls: number;
  @ApiProperty() failed_calls: number;
  @ApiProperty({ description: 'Percentage, 0–100' }) success_rate: number;
  @ApiProperty() avg_latency_ms: number;
  @ApiProperty({ type: Number, nullable: true }) total_input_tokens: number | null;
  @ApiProperty({ type: Number, nullable: true }) total_output_tokens: number | null;
  @ApiProperty({ type: String, nullable: true, example: '0.001234' })
  estimated_cost_usd: string | null;
}

export class LlmTaskTypeStatsDto {
  @ApiProperty() task_type: string;
  @ApiProperty() total_calls: number;
  @ApiProperty() local_calls: number;
  @ApiProperty() cloud_calls: number;
  @ApiProperty() local_percentage: number;
  @ApiProperty() avg_latency_ms: number;
}

export class LlmCostSavingsDto {
  @ApiProperty() period_days: number;
  @ApiProperty() total_calls: number;
  @ApiProperty() local_calls: number;
  @ApiProperty() cloud_calls: number;
  @ApiProperty() local_percentage: number;
  @ApiProperty({ example: '0.012345' }) actual_cost_usd: string;
  @ApiProperty({ description: 'Every token at the default cloud model price' })
  hypothetical_cloud_cost_usd: string;
  @ApiProperty() estimated_savings_usd: string;
  @ApiProperty() savings_percentage: number;
}

export class LlmMetricsSummaryDto {
  @ApiProperty({ format: 'date-time' }) period_start: string;
  @ApiProperty({ format: 'date-time' }) period_end: string;
  @ApiProperty({ type: [LlmTierStatsDto] }) tier_stats: LlmTierStatsDto[];
  @ApiProperty({ type: [LlmTaskTypeStatsDto] }) task_type_stats: LlmTaskTypeStatsDto[];
  @ApiProperty({ type: LlmCostSavingsDto }) cost_savings: LlmCostSavingsDto;
  @ApiProperty() fallback_count: number;
  @ApiProperty({ description: 'Percentage, 0–100' }) fallback_rate: number;
}

export class LlmHourlyUsageDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the hour (UTC)' }) hour: string;
  @ApiProperty() local_calls: number;
  @ApiProperty() cloud_calls: number;
  @ApiProperty() total_calls: number;
}

export class LlmProviderHealthDto {
  @ApiProperty({ enum: ['healthy', 'degraded', 'unhealthy', 'unknown'] }) status: string;
  @ApiProperty({ type: [String], required: false }) models_available?: string[];
  @ApiProperty({ required: false }) error?: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_call_at: string | null;
  @ApiProperty() recent_calls: number;
  @ApiProperty() recent_failures: number;
}

export class LlmHealthResponseDto {
  @ApiProperty({ type: LlmProviderHealthDto }) ollama: LlmProviderHealthDto;
  @ApiProperty({ type: LlmProviderHealthDto }) openrouter: LlmProviderHealthDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('LlmProviderHealthDto') },
    description: 'Every provider seen in the window, by name',
  })
  providers: Record<string, LlmProviderHealthDto>;
  @ApiProperty({ description: 'Window the status is computed over, minutes' })
  window_minutes: number;
}

export class LlmTierConfigDto {
  @ApiProperty() model: string;
  @ApiProperty({ type: [String] }) tasks: string[];
}

export class LlmRoutingConfigDto {
  @ApiProperty() use_local: boolean;
  @ApiProperty() model: string;
}

export class LlmConfigResponseDto {
  @ApiProperty({ description: 'Both free (local) and paid (cloud) models are configured' })
  hybrid_enabled: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('LlmTierConfigDto') },
    description: 'Per configured model: the task types it served in the last 30 days',
  })
  tiers: Record<string, LlmTierConfigDto>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('LlmRoutingConfigDto') },
    description: 'Per task type: the model that served most of it in the last 7 days',
  })
  routing: Record<string, LlmRoutingConfigDto>;
  @ApiProperty() metrics_enabled: boolean;
  @ApiProperty({ description: '0 = metrics are kept without a time limit' })
  metrics_retention_days: number;
}
