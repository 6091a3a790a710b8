import { ApiProperty } from '@nestjs/swagger';

export class TokenUsageModelDto {
  @ApiProperty() model: string;
  @ApiProperty() input_tokens: number;
  @ApiProperty() output_tokens: number;
  @ApiProperty() total_tokens: number;
  @ApiProperty() total_requests: number;
  @ApiProperty({ description: 'EUR' }) cost_input_eur: number;
  @ApiProperty({ description: 'EUR' }) cost_output_eur: number;
  @ApiProperty({ description: 'EUR' }) cost_total_eur: number;
}

class TokenUsageTotalsDto {
  @ApiProperty() year: number;
  @ApiProperty({ minimum: 1, maximum: 12 }) month: number;
  @ApiProperty() input_tokens: number;
  @ApiProperty() output_tokens: number;
  @ApiProperty() total_tokens: number;
  @ApiProperty() total_requests: number;
  @ApiProperty({ description: 'EUR, at the prices in force when each call was made' })
  cost_input_eur: number;
  @ApiProperty({ description: 'EUR' }) cost_output_eur: number;
  @ApiProperty({ description: 'EUR' }) cost_total_eur: number;
  @ApiProperty({ type: [TokenUsageModelDto], description: 'The month per model' })
  models: TokenUsageModelDto[];
}

export class TokenUsageCurrentResponseDto extends TokenUsageTotalsDto {}

export class TokenUsageMonthDto extends TokenUsageTotalsDto {
  @ApiProperty({ example: '2026-12', description: 'The month, YYYY-MM' }) id: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class TokenUsageListResponseDto {
  @ApiProperty({
    type: [TokenUsageMonthDto],
    description: 'Last 12 months with usage, newest first',
  })
  items: TokenUsageMonthDto[];
  @ApiProperty() total: number;
}

export class TokenModelPriceDto {
  @ApiProperty() model: string;
  @ApiProperty({ description: 'EUR per million input tokens' }) input_price_per_million: number;
  @ApiProperty({ description: 'EUR per million output tokens' }) output_price_per_million: number;
  @ApiProperty({ description: 'USD per million input tokens (as configured)' })
  input_price_per_million_usd: number;
  @ApiProperty({ description: 'USD per million output tokens (as configured)' })
  output_price_per_million_usd: number;
}

export class TokenPricingResponseDto {
  @ApiProperty({ description: 'EUR per million input tokens of the default (first) model' })
  input_price_per_million: number;
  @ApiProperty({ description: 'EUR per million output tokens of the default (first) model' })
  output_price_per_million: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Euros per US dollar used for the conversion' }) eur_per_usd: number;
  @ApiProperty({ type: String, nullable: true }) default_model: string | null;
  @ApiProperty({ type: [TokenModelPriceDto] }) models: TokenModelPriceDto[];
}
