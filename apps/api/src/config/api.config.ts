import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  BaseConfig,
  chatwootConnection,
  RawEnv,
  readProcessEnv,
  splitList,
  validateEnv,
  llmConnection,
  WithChatwootConnection,
  WithLlmConnection,
} from '@app/config';
import { buildMediaOptions, deriveUrlSigningKey, MediaEnv, MediaOptions } from '@app/media';
import {
  BCRYPT_HASH_PATTERN,
  normaliseUsername,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
} from '@app/domain';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['true', '1', 'yes'].includes(value.toLowerCase()) : value;

/**
 * Api variables; storage, image, signed-URL and download variables come from MediaEnv.
 * CHATWOOT_API_URL and CHATWOOT_ACCOUNT_ID (shared with the worker): `chatwoot_url` links.
 * LLM_BASE_URL/KEY/MODEL (shared with the worker): grounded RAG answers; unset = extractive.
 */
export class ApiEnv extends WithLlmConnection(WithChatwootConnection(MediaEnv)) {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8000;

  @IsString()
  HOST: string = '0.0.0.0';

  /** Browser origins allowed by CORS (the admin SPA). Comma separated. */
  @IsString()
  CORS_ORIGINS: string = 'http://localhost:8001,http://localhost:3000';

  /** Express `trust proxy`: hops of reverse proxies in front of the api (for client IPs). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS: number = 0;

  /** JSON body limit. Chatwoot messages may carry 150k characters three times over. */
  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 2mb' })
  BODY_LIMIT: string = '2mb';

  @IsString()
  @MinLength(32, { message: 'ADMIN_JWT_SECRET must be at least 32 characters' })
  ADMIN_JWT_SECRET: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_ACCESS_TTL_SECONDS: number = 8 * 3600;

  /** Access-token lifetime for clients that asked for a refresh token at login. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(24 * 3600)
  JWT_SHORT_ACCESS_TTL_SECONDS: number = 15 * 60;

  @Type(() => Number)
  @IsInt()
  @Min(3600)
  @Max(90 * 24 * 3600)
  JWT_REFRESH_TTL_SECONDS: number = 14 * 24 * 3600;

  /** bcrypt work factor for new password hashes (12 ≈ 250 ms; tests use 4). */
  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_COST: number = 12;

  /** Failed logins allowed per username within the window, then 429 until it ends. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_USERNAME: number = 5;

  /**
   * Requests per minute one staff member may make on authenticated routes (all api replicas
   * together). The SPA's busiest page loads about a dozen calls; this only stops runaway
   * scripts and stolen tokens from hammering the api.
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  STAFF_RATE_LIMIT_PER_MINUTE: number = 600;

  /** Failed logins allowed per client IP within the window (an office may share one IP). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILURES_PER_IP: number = 20;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(24 * 3600)
  LOGIN_FAILURE_WINDOW_SECONDS: number = 15 * 60;

  /** First admin, created only while admin_users is empty (no default credentials). */
  @IsString()
  @Length(USERNAME_MIN_LENGTH, USERNAME_MAX_LENGTH)
  @Matches(USERNAME_PATTERN, { message: 'ADMIN_USERNAME may only contain letters, digits and _' })
  ADMIN_USERNAME: string = 'admin';

  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `ADMIN_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters`,
  })
  @MaxLength(PASSWORD_MAX_LENGTH)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @Matches(BCRYPT_HASH_PATTERN, { message: 'ADMIN_PASSWORD_HASH must be a bcrypt hash ($2b$…)' })
  ADMIN_PASSWORD_HASH?: string;

  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Transform(toBoolean)
  @IsBoolean()
  SWAGGER_ENABLED: boolean = true;

  /** IANA time zone of the business: "today" in dashboard and case/escalation stats. */
  @IsTimeZone({ message: 'TIMEZONE must be an IANA time zone such as Europe/Madrid' })
  TIMEZONE: string = 'Europe/Madrid';

  // --- Chatwoot webhook ---
  /** Secret in the webhook path `/webhook/chatwoot/{token}`; unset = every call answers 401. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'CHATWOOT_WEBHOOK_TOKEN must be at least 16 characters' })
  CHATWOOT_WEBHOOK_TOKEN?: string;

  /** When set, `X-Chatwoot-Signature` (HMAC-SHA256 of "<timestamp>.<raw body>") is required. */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'CHATWOOT_WEBHOOK_SECRET must be at least 8 characters' })
  CHATWOOT_WEBHOOK_SECRET?: string;

  /** Signed requests older than this are rejected (replay protection). */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(3600)
  CHATWOOT_SIGNATURE_MAX_AGE_SECONDS: number = 300;

  /** Lifetime of the per-message dedupe marker (must exceed the reconciler look-back). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(30 * 86_400)
  CHATWOOT_DEDUPE_TTL_SECONDS: number = 86_400;

  /** Lifetime of cached catalogue reads (admin lists, public tariffs, engine snapshots). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  CATALOGUE_CACHE_TTL_SECONDS: number = 300;

  /** Resolved or ignored captured errors older than this are deleted (daily job). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  SYSTEM_ERROR_RETENTION_DAYS: number = 30;

  /** Requests per client IP per minute on the public /api/tariffs routes (429 above). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  PUBLIC_TARIFFS_RATE_LIMIT_PER_MINUTE: number = 60;

  // --- Regulatory documents and RAG ---
  /** Largest PDF accepted by the upload, MB. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  DOCUMENT_MAX_SIZE_MB: number = 50;

  /** Lifetime of a cached RAG answer (Redis `rag:query:*`); 0 = no cache. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(7 * 86_400)
  RAG_CACHE_TTL_SECONDS: number = 3600;

  /** Passages cited (and given to the LLM) per answer. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  RAG_TOP_K: number = 5;

  /** Budget of one RAG answer's LLM call; on timeout or error the answer is extractive. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  RAG_LLM_TIMEOUT_MS: number = 20_000;
}

export class ApiConfig extends BaseConfig {
  public readonly serviceName = 'api';
  public readonly port: number;
  public readonly host: string;
  public readonly corsOrigins: string[];
  public readonly trustProxyHops: number;
  public readonly bodyLimit: string;
  public readonly jwt: {
    secret: string;
    accessTtlSeconds: number;
    shortAccessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  public readonly bcryptCost: number;
  public readonly staffRateLimitPerMinute: number;
  public readonly loginThrottle: {
    maxFailuresPerUsername: number;
    maxFailuresPerIp: number;
    windowSeconds: number;
  };
  public readonly bootstrapAdmin: {
    username: string;
    password: string | null;
    passwordHash: string | null;
  };
  public readonly metricsToken: string | null;
  public readonly swaggerEnabled: boolean;
  public readonly media: MediaOptions;
  /** IANA zone in which "today" starts for KPIs. */
  public readonly timeZone: string;
  public readonly chatwoot: {
    webhookToken: string | null;
    webhookSecret: string | null;
    signatureMaxAgeSeconds: number;
    dedupeTtlSeconds: number;
    baseUrl: string;
    accountId: number;
  };
  public readonly catalogue: { cacheTtlSeconds: number; publicRateLimitPerMinute: number };
  public readonly systemErrorRetentionDays: number;
  public readonly documents: { maxUploadBytes: number };
  public readonly rag: {
    cacheTtlSeconds: number;
    topK: number;
    llm: { baseUrl: string; apiKey: string | null; model: string; timeoutMs: number } | null;
  };

  public constructor(env: ApiEnv) {
    super(env);
    this.port = env.PORT;
    this.host = env.HOST;
    this.corsOrigins = splitList(env.CORS_ORIGINS);
    this.trustProxyHops = env.TRUST_PROXY_HOPS;
    this.bodyLimit = env.BODY_LIMIT;
    this.jwt = {
      secret: env.ADMIN_JWT_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      shortAccessTtlSeconds: env.JWT_SHORT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: env.JWT_REFRESH_TTL_SECONDS,
    };
    this.bcryptCost = env.BCRYPT_COST;
    this.staffRateLimitPerMinute = env.STAFF_RATE_LIMIT_PER_MINUTE;
    this.loginThrottle = {
      maxFailuresPerUsername: env.LOGIN_MAX_FAILURES_PER_USERNAME,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    };
    this.bootstrapAdmin = {
      username: normaliseUsername(env.ADMIN_USERNAME),
      password: env.ADMIN_PASSWORD || null,
      passwordHash: env.ADMIN_PASSWORD_HASH || null,
    };
    this.metricsToken = env.METRICS_TOKEN ?? null;
    this.swaggerEnabled = env.SWAGGER_ENABLED;
    this.timeZone = env.TIMEZONE;
    this.media = buildMediaOptions(env, deriveUrlSigningKey(env.ADMIN_JWT_SECRET));
    this.chatwoot = {
      webhookToken: env.CHATWOOT_WEBHOOK_TOKEN ?? null,
      webhookSecret: env.CHATWOOT_WEBHOOK_SECRET ?? null,
      signatureMaxAgeSeconds: env.CHATWOOT_SIGNATURE_MAX_AGE_SECONDS,
      dedupeTtlSeconds: env.CHATWOOT_DEDUPE_TTL_SECONDS,
      ...chatwootConnection(env),
    };
    this.catalogue = {
      cacheTtlSeconds: env.CATALOGUE_CACHE_TTL_SECONDS,
      publicRateLimitPerMinute: env.PUBLIC_TARIFFS_RATE_LIMIT_PER_MINUTE,
    };
    this.systemErrorRetentionDays = env.SYSTEM_ERROR_RETENTION_DAYS;
    this.documents = { maxUploadBytes: env.DOCUMENT_MAX_SIZE_MB * 1024 * 1024 };
    const llm = llmConnection(env);
    this.rag = {
      cacheTtlSeconds: env.RAG_CACHE_TTL_SECONDS,
      topK: env.RAG_TOP_K,
      llm: llm ? { ...llm, timeoutMs: env.RAG_LLM_TIMEOUT_MS } : null,
    };
  }
}

export const loadApiConfig = (raw: RawEnv = readProcessEnv()): ApiConfig =>
  new ApiConfig(validateEnv(ApiEnv, raw));
