import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsTimeZone,
  Max,
  Min,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import {
  BaseConfig,
  chatwootConnection,
  RawEnv,
  readProcessEnv,
  validateEnv,
  llmConnection,
  WithChatwootConnection,
  WithLlmConnection,
} from '@app/config';
import { buildMediaOptions, MediaEnv, MediaOptions } from '@app/media';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['true', '1', 'yes'].includes(value.toLowerCase()) : value;

const Int = (min: number, max: number): PropertyDecorator => {
  const decorators = [Type(() => Number), IsInt(), Min(min), Max(max)];
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
};

export class WorkerEnv extends WithLlmConnection(WithChatwootConnection(MediaEnv)) {
  /** Port of the worker's own /health and /metrics endpoints. */
  @Int(1, 65535)
  WORKER_HTTP_PORT: number = 9100;

  @IsString()
  WORKER_HTTP_HOST: string = '0.0.0.0';

  // --- Chatwoot REST (CHATWOOT_API_URL and CHATWOOT_ACCOUNT_ID: WithChatwootConnection) ---
  @IsOptional()
  @IsString()
  CHATWOOT_API_TOKEN?: string;

  /** Inbox for contacts/conversations we create ourselves; also limits the reconciler. */
  @IsOptional()
  @Int(1, 1_000_000_000)
  CHATWOOT_INBOX_ID?: number;

  /** Chatwoot team assigned on escalation; a numeric id, unset = no team. */
  @IsOptional()
  @Int(1, 1_000_000_000)
  CHATWOOT_TEAM_ID?: number;

  @Int(500, 120_000)
  CHATWOOT_TIMEOUT_MS: number = 10_000;

  @Int(1, 10)
  CHATWOOT_MAX_ATTEMPTS: number = 3;

  // --- customer agent ---
  /**
   * Messages of one conversation arriving within this window of each other are answered once,
   * together (customers often split one request over several WhatsApp messages).
   */
  @Int(0, 30_000)
  AGENT_BURST_WINDOW_MS: number = 1500;

  /** Photos are confirmed once per burst, after this long without a new photo. */
  @Int(0, 120_000)
  AGENT_PHOTO_QUIET_MS: number = 5000;

  /** Consecutive turns not understood before the conversation is handed to a person. */
  @Int(1, 20)
  AGENT_MAX_MISUNDERSTANDINGS: number = 3;

  /** The same question asked this many times without progress hands the conversation over. */
  @Int(2, 20)
  AGENT_MAX_LOOP_REPEATS: number = 3;

  /** Time zone of dates shown to customers and of "today". */
  @IsTimeZone({ message: 'TIMEZONE must be an IANA time zone such as Europe/Madrid' })
  TIMEZONE: string = 'Europe/Madrid';

  /** How long catalogue snapshots stay cached in Redis (writes invalidate them earlier). */
  @Int(0, 86_400)
  CATALOGUE_CACHE_TTL_SECONDS: number = 300;

  // --- stream consumers ---
  /** Handlers running at once per stream in this process. */
  @Int(1, 256)
  WORKER_CONCURRENCY: number = 32;

  @Int(1, 500)
  STREAM_READ_COUNT: number = 10;

  @Int(100, 60_000)
  STREAM_BLOCK_MS: number = 2000;

  /** Entries idle this long in another consumer's pending list are taken over (crash recovery). */
  @Int(1000, 3_600_000)
  STREAM_CLAIM_MIN_IDLE_MS: number = 30_000;

  @Int(200, 600_000)
  STREAM_CLAIM_INTERVAL_MS: number = 5000;

  /** Handling attempts of an incoming message before it is dead-lettered. */
  @Int(1, 100)
  STREAM_MAX_ATTEMPTS: number = 5;

  /**
   * Times an entry may be running when its worker dies (kill -9, OOM, host restart) before it
   * is taken for input that crashes the worker and dead-lettered. Counted apart from failed
   * attempts, so a sound message is not lost to a crash storm it did not cause.
   */
  @Int(1, 1000)
  STREAM_MAX_CRASHES: number = 10;

  /** Attempts of an outgoing delivery (Chatwoot outages) before it is dead-lettered. */
  @Int(1, 100)
  DELIVERY_MAX_ATTEMPTS: number = 10;

  @Int(10, 600_000)
  STREAM_RETRY_BASE_MS: number = 1000;

  @Int(10, 3_600_000)
  STREAM_RETRY_MAX_MS: number = 60_000;

  /**
   * A consumer with work (held entries or undelivered ones) that acknowledged nothing for this
   * long reports unhealthy on /health, so a supervisor restarts it.
   */
  @Int(1000, 86_400_000)
  STREAM_STALL_AFTER_MS: number = 300_000;

  /** Acknowledged entries kept per stream for inspection; older ones are trimmed. */
  @Int(100, 10_000_000)
  STREAM_RETAIN: number = 10_000;

  /** Pause between images of one reply (5 s by default); never blocks other conversations. */
  @Int(0, 60_000)
  DELIVERY_IMAGE_GAP_MS: number = 5000;

  @Int(1000, 600_000)
  OUTBOX_SWEEP_INTERVAL_MS: number = 5000;

  // --- settings ---
  /** How long the panic-button settings are kept in this process (on top of the Redis cache). */
  @Int(0, 300_000)
  SETTINGS_CACHE_TTL_MS: number = 2000;

  // --- gap recovery ---
  @Transform(toBoolean)
  @IsBoolean()
  RECONCILER_ENABLED: boolean = true;

  @Int(1000, 86_400_000)
  RECONCILER_INTERVAL_MS: number = 60_000;

  /** How far back the reconciler looks for customer messages we never received. */
  @Int(10, 7 * 86_400)
  RECONCILER_LOOKBACK_SECONDS: number = 900;

  @Int(1, 5000)
  RECONCILER_MAX_CONVERSATIONS: number = 200;

  /** Lifetime of the per-message dedupe marker (must exceed the reconciler look-back). */
  @Int(60, 30 * 86_400)
  CHATWOOT_DEDUPE_TTL_SECONDS: number = 86_400;

  // --- optional language model: LLM_BASE_URL/KEY/MODEL come with WithLlmConnection (unset =
  // no language model, the rule-based engine alone) ---
  /** Tried once when the main model fails (timeout, 429, 5xx, unusable answer). */
  @IsOptional()
  @IsString()
  LLM_FALLBACK_MODEL?: string;

  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(2)
  LLM_TEMPERATURE: number = 0.2;

  @Int(16, 32_000)
  LLM_MAX_TOKENS: number = 600;

  /** Per request. */
  @Int(100, 120_000)
  LLM_TIMEOUT_MS: number = 8000;

  /** Retries of a request after a timeout, 429 or 5xx (within the turn budget). */
  @Int(0, 5)
  LLM_RETRIES: number = 1;

  /** The longest a customer waits for the model's part of a turn; then the engine answers alone. */
  @Int(100, 120_000)
  LLM_TURN_BUDGET_MS: number = 10_000;

  /**
   * Word the rule-based reply while the model reads the message: one model round less per
   * answer when both read it alike, one wasted wording request when they do not.
   */
  @Transform(toBoolean)
  @IsBoolean()
  LLM_SPECULATIVE_PHRASING: boolean = true;

  // --- Regulatory documents (PDF processing) ---
  /** PDFs with more pages are rejected (a page-count bomb costs nothing). */
  @Int(1, 20_000)
  DOCUMENT_MAX_PAGES: number = 1000;

  /** Wall-clock budget of one PDF's text extraction (worker thread, terminated beyond it). */
  @Int(1000, 3_600_000)
  DOCUMENT_EXTRACT_TIMEOUT_MS: number = 120_000;

  /** Heap cap of the extraction thread, MB. */
  @Int(64, 8192)
  DOCUMENT_EXTRACT_MAX_HEAP_MB: number = 512;

  /** Extracted text allowed per document, characters. */
  @Int(1000, 500_000_000)
  DOCUMENT_MAX_TEXT_CHARS: number = 20_000_000;

  /** Target chunk length in characters, and the overlap carried into a split-off chunk. */
  @Int(200, 20_000)
  RAG_CHUNK_SIZE: number = 1200;

  @Int(0, 5000)
  RAG_CHUNK_OVERLAP: number = 150;
}

export interface LlmSettings {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  fallbackModel: string | null;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  retries: number;
  turnBudgetMs: number;
  speculativePhrasing: boolean;
}

export interface StreamConsumerSettings {
  concurrency: number;
  readCount: number;
  blockMs: number;
  claimMinIdleMs: number;
  claimIntervalMs: number;
  stallAfterMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  retain: number;
  /** Deaths of the worker while the entry was running before it is dead-lettered. */
  maxCrashes: number;
}

export class WorkerConfig extends BaseConfig {
  public readonly serviceName = 'worker';
  public readonly httpPort: number;
  public readonly httpHost: string;
  public readonly chatwoot: {
    baseUrl: string;
    apiToken: string | null;
    accountId: number;
    inboxId: number | null;
    teamId: number | null;
    timeoutMs: number;
    maxAttempts: number;
    dedupeTtlSeconds: number;
  };
  public readonly apiBaseUrl: string;
  public readonly media: MediaOptions;
  public readonly agent: {
    burstWindowMs: number;
    photoQuietMs: number;
    maxMisunderstandings: number;
    maxLoopRepeats: number;
    timezone: string;
  };
  public readonly catalogueCacheTtlSeconds: number;
  public readonly streams: StreamConsumerSettings;
  public readonly incomingMaxAttempts: number;
  public readonly deliveryMaxAttempts: number;
  public readonly deliveryImageGapMs: number;
  public readonly outboxSweepIntervalMs: number;
  public readonly settingsCacheTtlMs: number;
  /** null = no language model configured. */
  public readonly llm: LlmSettings | null;
  public readonly documents: {
    extraction: { maxPages: number; timeoutMs: number; maxHeapMb: number; maxTextChars: number };
    chunking: { maxChars: number; overlapChars: number };
  };
  public readonly reconciler: {
    enabled: boolean;
    intervalMs: number;
    lookbackSeconds: number;
    maxConversations: number;
  };

  public constructor(env: WorkerEnv) {
    super(env);
    this.httpPort = env.WORKER_HTTP_PORT;
    this.httpHost = env.WORKER_HTTP_HOST;
    this.chatwoot = {
      ...chatwootConnection(env),
      apiToken: env.CHATWOOT_API_TOKEN ?? null,
      inboxId: env.CHATWOOT_INBOX_ID ?? null,
      teamId: env.CHATWOOT_TEAM_ID ?? null,
      timeoutMs: env.CHATWOOT_TIMEOUT_MS,
      maxAttempts: env.CHATWOOT_MAX_ATTEMPTS,
      dedupeTtlSeconds: env.CHATWOOT_DEDUPE_TTL_SECONDS,
    };
    this.apiBaseUrl = env.API_BASE_URL;
    // The worker never signs URLs (the api does); a throwaway key satisfies the options shape.
    this.media = buildMediaOptions(env, randomBytes(32));
    // Customer photos come from Chatwoot itself and the storage host it redirects to.
    this.media.downloads.allowedHosts.push(new URL(env.CHATWOOT_API_URL).hostname);
    this.agent = {
      burstWindowMs: env.AGENT_BURST_WINDOW_MS,
      photoQuietMs: env.AGENT_PHOTO_QUIET_MS,
      maxMisunderstandings: env.AGENT_MAX_MISUNDERSTANDINGS,
      maxLoopRepeats: env.AGENT_MAX_LOOP_REPEATS,
      timezone: env.TIMEZONE,
    };
    this.catalogueCacheTtlSeconds = env.CATALOGUE_CACHE_TTL_SECONDS;
    this.streams = {
      concurrency: env.WORKER_CONCURRENCY,
      readCount: env.STREAM_READ_COUNT,
      blockMs: env.STREAM_BLOCK_MS,
      claimMinIdleMs: env.STREAM_CLAIM_MIN_IDLE_MS,
      claimIntervalMs: env.STREAM_CLAIM_INTERVAL_MS,
      stallAfterMs: env.STREAM_STALL_AFTER_MS,
      retryBaseMs: env.STREAM_RETRY_BASE_MS,
      retryMaxMs: env.STREAM_RETRY_MAX_MS,
      retain: env.STREAM_RETAIN,
      maxCrashes: env.STREAM_MAX_CRASHES,
    };
    this.incomingMaxAttempts = env.STREAM_MAX_ATTEMPTS;
    this.deliveryMaxAttempts = env.DELIVERY_MAX_ATTEMPTS;
    this.deliveryImageGapMs = env.DELIVERY_IMAGE_GAP_MS;
    this.outboxSweepIntervalMs = env.OUTBOX_SWEEP_INTERVAL_MS;
    this.settingsCacheTtlMs = env.SETTINGS_CACHE_TTL_MS;
    const llm = llmConnection(env);
    this.llm = llm
      ? {
          ...llm,
          fallbackModel: env.LLM_FALLBACK_MODEL || null,
          temperature: env.LLM_TEMPERATURE,
          maxTokens: env.LLM_MAX_TOKENS,
          timeoutMs: env.LLM_TIMEOUT_MS,
          retries: env.LLM_RETRIES,
          turnBudgetMs: env.LLM_TURN_BUDGET_MS,
          speculativePhrasing: env.LLM_SPECULATIVE_PHRASING,
        }
      : null;
    this.documents = {
      extraction: {
        maxPages: env.DOCUMENT_MAX_PAGES,
        timeoutMs: env.DOCUMENT_EXTRACT_TIMEOUT_MS,
        maxHeapMb: env.DOCUMENT_EXTRACT_MAX_HEAP_MB,
        maxTextChars: env.DOCUMENT_MAX_TEXT_CHARS,
      },
      chunking: { maxChars: env.RAG_CHUNK_SIZE, overlapChars: env.RAG_CHUNK_OVERLAP },
    };
    this.reconciler = {
      enabled: env.RECONCILER_ENABLED,
      intervalMs: env.RECONCILER_INTERVAL_MS,
      lookbackSeconds: env.RECONCILER_LOOKBACK_SECONDS,
      maxConversations: env.RECONCILER_MAX_CONVERSATIONS,
    };
  }
}

export const loadWorkerConfig = (raw: RawEnv = readProcessEnv()): WorkerConfig =>
  new WorkerConfig(validateEnv(WorkerEnv, raw));
