import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { BaseConfig, RawEnv, readProcessEnv, splitList, validateEnv } from '@app/config';
import { buildMediaOptions, deriveUrlSigningKey, MediaEnv, MediaOptions } from '@app/media';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['true', '1', 'yes'].includes(value.toLowerCase()) : value;

/** Api variables; storage, image, signed-URL and download variables come from MediaEnv. */
export class ApiEnv extends MediaEnv {
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

  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Transform(toBoolean)
  @IsBoolean()
  SWAGGER_ENABLED: boolean = true;
}

export class ApiConfig extends BaseConfig {
  public readonly serviceName = 'api';
  public readonly port: number;
  public readonly host: string;
  public readonly corsOrigins: string[];
  public readonly trustProxyHops: number;
  public readonly bodyLimit: string;
  public readonly jwt: { secret: string; accessTtlSeconds: number };
  public readonly metricsToken: string | null;
  public readonly swaggerEnabled: boolean;
  public readonly media: MediaOptions;

  public constructor(env: ApiEnv) {
    super(env);
    this.port = env.PORT;
    this.host = env.HOST;
    this.corsOrigins = splitList(env.CORS_ORIGINS);
    this.trustProxyHops = env.TRUST_PROXY_HOPS;
    this.bodyLimit = env.BODY_LIMIT;
    this.jwt = { secret: env.ADMIN_JWT_SECRET, accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS };
    this.metricsToken = env.METRICS_TOKEN ?? null;
    this.swaggerEnabled = env.SWAGGER_ENABLED;
    this.media = buildMediaOptions(env, deriveUrlSigningKey(env.ADMIN_JWT_SECRET));
  }
}

export const loadApiConfig = (raw: RawEnv = readProcessEnv()): ApiConfig =>
  new ApiConfig(validateEnv(ApiEnv, raw));
