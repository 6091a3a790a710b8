import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsLlmPrices } from './llm-pricing';
import { IsConnectionUrl } from './validate-env';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables both processes (api and worker) read. */
export class CommonEnv {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsConnectionUrl(['postgres', 'postgresql'], { requirePath: true })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/msia';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX: number = 10;

  /**
   * Distinct parameterised statements each connection keeps prepared (parsed once, plan
   * reusable); 0 turns it off, as a pooler in transaction mode needs.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  DATABASE_STATEMENT_CACHE: number = 200;

  @IsConnectionUrl(['redis', 'rediss'])
  REDIS_URL: string = 'redis://127.0.0.1:6379/0';

  /** Prefix for every Redis key and stream; lets several deployments or test runs share a server. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(/^[A-Za-z0-9_:.-]*$/, {
    message: 'REDIS_KEY_PREFIX may only contain letters, digits and _ : . -',
  })
  REDIS_KEY_PREFIX: string = '';

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS: number = 15000;

  /** LLM prices, USD per million input/output tokens by model: `model=in/out,…`. */
  @IsOptional()
  @IsLlmPrices()
  LLM_PRICES: string = '';

  /** Euros per US dollar, for the costs the usage page shows in euros. */
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(100)
  LLM_EUR_PER_USD: number = 0.92;

  /**
   * OpenAI-compatible embeddings endpoint base URL (`<url>/embeddings`) for the regulatory
   * documents' dense retrieval. Empty = off: retrieval uses full text and trigrams only.
   */
  @ValidateIf((env: CommonEnv) => env.EMBEDDINGS_BASE_URL !== '')
  @IsConnectionUrl(['http', 'https'])
  EMBEDDINGS_BASE_URL: string = '';

  @IsOptional()
  @IsString()
  EMBEDDINGS_API_KEY?: string;

  @IsString()
  @MaxLength(200)
  EMBEDDINGS_MODEL: string = 'text-embedding-3-small';

  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(120000)
  EMBEDDINGS_TIMEOUT_MS: number = 15000;

  /** How often each process writes its heartbeat for the system page (gone after 3 missed). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(300000)
  PROCESS_HEARTBEAT_INTERVAL_MS: number = 10000;

  /** Recent log lines kept per service for the system page's live log view. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(100000)
  PROCESS_LOG_RING_SIZE: number = 2000;

  /**
   * OTLP/HTTP collector base URL (spans go to `<url>/v1/traces`). Empty = no tracing SDK runs;
   * trace ids still travel and appear in logs.
   */
  @ValidateIf((env: CommonEnv) => env.OTEL_EXPORTER_OTLP_ENDPOINT !== '')
  @IsConnectionUrl(['http', 'https'])
  OTEL_EXPORTER_OTLP_ENDPOINT: string = '';
}
