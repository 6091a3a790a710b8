import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, ModulesContainer } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { CatalogueReadModule } from '@app/catalogue';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MediaModule } from '@app/media';
import {
  buildLoggerParams,
  HttpMetricsMiddleware,
  ObservabilityModule,
  ProcessRegistryModule,
  TraceMiddleware,
} from '@app/observability';
import { RedisModule } from '@app/redis';
import { StreamsModule } from '@app/streams';
import { AccessLogModule } from './access-log/access-log.module';
import { AdminUsersModule } from './admin-users/admin-users.module';
import { AiObservabilityApiModule } from './ai-observability/ai-observability-api.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { routesOfModules } from './auth/route-table';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { jsonShapeMiddleware } from './common/http/json-shape.middleware';
import { methodNotAllowedMiddleware } from './common/http/method-not-allowed.middleware';
import { ConversationsModule } from './conversations/conversations.module';
import { CustomersModule } from './customers/customers.module';
import { ApiConfig } from './config/api.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { EscalationsModule } from './escalations/escalations.module';
import { HealthModule } from './health/health.module';
import { ImagesModule } from './images/images.module';
import { LiveEventsModule } from './live-events/live-events.module';
import { MetricsModule } from './metrics/metrics.module';
import { PublicTariffsModule } from './public-tariffs/public-tariffs.module';
import { RagModule } from './rag/rag.module';
import { RegulatoryDocumentsModule } from './regulatory-documents/regulatory-documents.module';
import { SettingsModule } from './settings/settings.module';
import { StreamOpsModule } from './stream-ops/stream-ops.module';
import { SystemModule } from './system/system.module';
import { ChatwootWebhookModule } from './webhooks/chatwoot/chatwoot-webhook.module';

/** Root module of the HTTP api: infrastructure first, then one module per domain. */
@Module({})
export class AppModule implements NestModule {
  public static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(buildLoggerParams(config)),
        DatabaseModule,
        RedisModule,
        StreamsModule,
        ObservabilityModule,
        ProcessRegistryModule,
        MediaModule.forRoot(config.media),
        HealthModule,
        MetricsModule,
        ImagesModule,
        AuthModule,
        AuditModule,
        AccessLogModule,
        AdminUsersModule,
        SettingsModule,
        CasesModule,
        EscalationsModule,
        DashboardModule,
        ChatwootWebhookModule,
        CustomersModule,
        ConversationsModule,
        StreamOpsModule,
        CatalogueReadModule.forRoot({ cacheTtlSeconds: config.catalogue.cacheTtlSeconds }),
        CatalogueModule,
        PublicTariffsModule,
        RegulatoryDocumentsModule,
        RagModule,
        AiObservabilityApiModule,
        LiveEventsModule,
        SystemModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }

  public constructor(private readonly modules: ModulesContainer) {}

  /**
   * After the request id and metrics middlewares (so these answers carry X-Request-Id too) and
   * before routing, guards and validation: 405 for a known path with another method, 400 for
   * a JSON body too deep or too large to validate safely.
   */
  public configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware, TraceMiddleware).forRoutes('*path');
    consumer
      .apply(methodNotAllowedMiddleware(routesOfModules(this.modules)), jsonShapeMiddleware)
      .forRoutes('{*path}');
  }
}
