import { Global, Module } from '@nestjs/common';
import { HealthService } from './health.service';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';

@Global()
@Module({
  providers: [MetricsService, HealthService, HttpMetricsMiddleware],
  exports: [MetricsService, HealthService, HttpMetricsMiddleware],
})
export class ObservabilityModule {}
