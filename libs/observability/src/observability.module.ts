import { Global, Module } from '@nestjs/common';
import { HealthService } from './health.service';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { TracingService } from './tracing.service';

@Global()
@Module({
  providers: [MetricsService, HealthService, HttpMetricsMiddleware, TracingService],
  exports: [MetricsService, HealthService, HttpMetricsMiddleware, TracingService],
})
export class ObservabilityModule {}
