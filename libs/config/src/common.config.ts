import { CommonEnv, LogLevel, NodeEnv } from './common.env';
import { LlmPricing } from './llm-pricing';

export interface DatabaseConfig {
  url: string;
  poolMax: number;
  /** Prepared statements kept per connection; 0 = off. */
  statementCache: number;
}

/** OpenAI-compatible embeddings endpoint; absent = dense retrieval off. */
export interface EmbeddingsConfig {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeoutMs: number;
}

export interface RedisConfig {
  url: string;
  keyPrefix: string;
}

/**
 * Settings both processes share. Each app's config class extends it, and the config module
 * registers the app's instance under this class too, so shared libraries (database, redis,
 * observability) can inject `BaseConfig` without knowing which app they run in.
 */
export abstract class BaseConfig {
  public readonly nodeEnv: NodeEnv;
  public readonly logLevel: LogLevel;
  public readonly database: DatabaseConfig;
  public readonly redis: RedisConfig;
  public readonly shutdownTimeoutMs: number;
  public readonly llmPricing: LlmPricing;
  /** OTLP/HTTP collector base URL; null = spans are not exported (no SDK started). */
  public readonly otlpEndpoint: string | null;
  public readonly embeddings: EmbeddingsConfig | null;
  /** Heartbeats and the recent-log ring each process keeps for the system page. */
  public readonly processRegistry: { heartbeatIntervalMs: number; logRingSize: number };
  /** Service name for logs, metrics and health (`api`, `worker`). */
  public abstract readonly serviceName: string;

  protected constructor(env: CommonEnv) {
    this.nodeEnv = env.NODE_ENV;
    this.logLevel = env.LOG_LEVEL;
    this.database = {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      statementCache: env.DATABASE_STATEMENT_CACHE,
    };
    this.redis = { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
    this.shutdownTimeoutMs = env.SHUTDOWN_TIMEOUT_MS;
    this.processRegistry = {
      heartbeatIntervalMs: env.PROCESS_HEARTBEAT_INTERVAL_MS,
      logRingSize: env.PROCESS_LOG_RING_SIZE,
    };
    this.llmPricing = new LlmPricing(env.LLM_PRICES, env.LLM_EUR_PER_USD);
    this.otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '') || null;
    this.embeddings = env.EMBEDDINGS_BASE_URL
      ? {
          baseUrl: env.EMBEDDINGS_BASE_URL.replace(/\/+$/, ''),
          apiKey: env.EMBEDDINGS_API_KEY || null,
          model: env.EMBEDDINGS_MODEL,
          timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
        }
      : null;
  }

  public get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}
