import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AiObservabilityModule } from '@app/ai-observability';
import { CatalogueReadModule } from '@app/catalogue';
import { ChatwootModule } from '@app/chatwoot';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MediaModule } from '@app/media';
import { buildLoggerParams, ObservabilityModule, ProcessRegistryModule } from '@app/observability';
import { RedisModule } from '@app/redis';
import { SystemSettingsModule } from '@app/settings';
import { StreamsModule } from '@app/streams';
import { WorkerConfig } from './config/worker.config';
import { BurstCollector } from './conversation/burst-collector.service';
import { ConversationIngestService } from './conversation/conversation-ingest.service';
import { ConversationTurnService } from './conversation/engine/conversation-turn.service';
import { TurnInputsService } from './conversation/engine/turn-inputs.service';
import { LlmClient } from './conversation/llm/llm-client';
import { LlmTurnService } from './conversation/llm/llm-turn.service';
import { PhotoIntakeService } from './conversation/photos/photo-intake.service';
import { DeliveryHandler } from './handlers/delivery.handler';
import { DocumentProcessingHandler } from './handlers/document-processing.handler';
import { ImageFetcher } from './delivery/image-fetcher';
import { IncomingMessageHandler } from './handlers/incoming-message.handler';
import { WorkerHttpController } from './http/worker-http.controller';
import { ReconcilerService } from './reconciler/reconciler.service';
import { AgentSettingsService } from './settings/agent-settings.service';
import { HandlerRegistry } from './streams/handler-registry';
import { OutboxSweeperService } from './streams/outbox-sweeper.service';
import { StreamConsumersService } from './streams/stream-consumers.service';
import { StreamMetrics } from './streams/stream-metrics';

/** Root module of the worker process: stream consumers, their handlers, delivery, recovery. */
@Module({})
export class WorkerModule {
  public static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(buildLoggerParams(config)),
        DatabaseModule,
        RedisModule,
        ObservabilityModule,
        ProcessRegistryModule,
        StreamsModule,
        SystemSettingsModule,
        MediaModule.forRoot(config.media),
        CatalogueReadModule.forRoot({ cacheTtlSeconds: config.catalogueCacheTtlSeconds }),
        DiscoveryModule,
        AiObservabilityModule,
        ChatwootModule.forRootAsync({
          inject: [WorkerConfig],
          useFactory: (worker: WorkerConfig) => ({
            baseUrl: worker.chatwoot.baseUrl,
            apiToken: worker.chatwoot.apiToken ?? '',
            accountId: worker.chatwoot.accountId,
            inboxId: worker.chatwoot.inboxId,
            timeoutMs: worker.chatwoot.timeoutMs,
            maxAttempts: worker.chatwoot.maxAttempts,
            retryBaseMs: 500,
            retryMaxMs: 4000,
          }),
        }),
      ],
      controllers: [WorkerHttpController],
      providers: [
        StreamMetrics,
        HandlerRegistry,
        StreamConsumersService,
        OutboxSweeperService,
        ReconcilerService,
        AgentSettingsService,
        ConversationIngestService,
        ImageFetcher,
        TurnInputsService,
        LlmClient,
        LlmTurnService,
        PhotoIntakeService,
        BurstCollector,
        ConversationTurnService,
        IncomingMessageHandler,
        DeliveryHandler,
        DocumentProcessingHandler,
      ],
    };
  }
}
