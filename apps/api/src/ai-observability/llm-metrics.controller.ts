import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import {
  LlmConfigResponseDto,
  LlmHealthResponseDto,
  LlmHourlyQueryDto,
  LlmHourlyUsageDto,
  LlmMetricsSummaryDto,
  LlmProviderHealthDto,
  LlmRoutingConfigDto,
  LlmSummaryQueryDto,
  LlmTierConfigDto,
} from './dto/llm-metrics.dto';
import { LlmMetricsService } from './llm-metrics.service';

/** LLM call metrics for the usage pages; any staff member (they were public before). */
@ApiTags('llm metrics')
@ApiExtraModels(LlmProviderHealthDto, LlmTierConfigDto, LlmRoutingConfigDto)
@Controller('llm-metrics')
@Authenticated()
export class LlmMetricsController {
  public constructor(private readonly metrics: LlmMetricsService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Per model and task type: calls, success, latency, tokens, cost, local vs cloud',
  })
  @ApiOkResponse({ type: LlmMetricsSummaryDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'days outside 1–90' })
  public summary(@Query() query: LlmSummaryQueryDto): Promise<LlmMetricsSummaryDto> {
    return this.metrics.summary(query.days);
  }

  @Get('hourly')
  @ApiOperation({
    summary: 'Calls per UTC hour (local vs cloud), oldest first, empty hours included',
  })
  @ApiOkResponse({ type: [LlmHourlyUsageDto] })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'hours outside 1–168' })
  public hourly(@Query() query: LlmHourlyQueryDto): Promise<LlmHourlyUsageDto[]> {
    return this.metrics.hourly(query.hours);
  }

  @Get('health')
  @ApiOperation({
    summary: 'Provider status from the calls of the last 15 minutes (no outbound probe)',
  })
  @ApiOkResponse({ type: LlmHealthResponseDto })
  public health(): Promise<LlmHealthResponseDto> {
    return this.metrics.health();
  }

  @Get('config')
  @ApiOperation({
    summary: 'Configured models and the routing observed per task type (never any credential)',
  })
  @ApiOkResponse({ type: LlmConfigResponseDto })
  public configuration(): Promise<LlmConfigResponseDto> {
    return this.metrics.configuration();
  }
}
