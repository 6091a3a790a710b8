import { Controller, Get, Headers, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { MetricsService } from '@app/observability';
import { Public } from '../auth/public.decorator';
import { safeEqual } from '../common/security/safe-equal';
import { ApiConfig } from '../config/api.config';

/** Prometheus scrape endpoint; closed with a static bearer token when METRICS_TOKEN is set. */
@ApiTags('observability')
@Public()
@Controller('metrics')
export class MetricsController {
  public constructor(
    private readonly metrics: MetricsService,
    private readonly config: ApiConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics (process + HTTP request durations)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', type: String })
  public async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const token = this.config.metricsToken;
    if (token && !safeEqual(authorization ?? '', `Bearer ${token}`)) {
      throw new UnauthorizedException('Metrics token required');
    }
    res.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
