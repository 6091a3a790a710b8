import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { BaseConfig } from '@app/config';
import { setExportingTracer } from './tracing';

/** Spans are batched and sent at most this often (and flushed on shutdown). */
const EXPORT_DELAY_MS = 1000;

/**
 * Starts the OpenTelemetry SDK only when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans of the
 * webhook, of each stream entry handled and of each Chatwoot call are exported as OTLP/HTTP
 * JSON. The provider is not registered globally: only this code's spans are exported.
 */
@Injectable()
export class TracingService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TracingService.name);
  private provider: NodeTracerProvider | null = null;

  public constructor(private readonly config: BaseConfig) {}

  public onModuleInit(): void {
    const endpoint = this.config.otlpEndpoint;
    if (!endpoint) return;
    this.provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: `msia-${this.config.serviceName}` }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }), {
          scheduledDelayMillis: EXPORT_DELAY_MS,
        }),
      ],
    });
    setExportingTracer(this.provider.getTracer('msia'));
    this.logger.log(`exporting spans to ${endpoint}/v1/traces`);
  }

  public async onApplicationShutdown(): Promise<void> {
    if (!this.provider) return;
    setExportingTracer(null);
    const provider = this.provider;
    this.provider = null;
    await provider.forceFlush().catch(() => undefined);
    await provider.shutdown().catch(() => undefined);
  }
}
