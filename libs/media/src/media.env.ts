import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import ipaddr from 'ipaddr.js';
import { CommonEnv, IsConnectionUrl, splitList } from '@app/config';
import { STORAGE_DRIVERS, StorageDriver, StorageOptions } from '@app/storage';
import { DownloadPolicy } from './download/safe-downloader';
import { ImageLimits } from './images/image-validator';

const MB = 1024 * 1024;

/** A comma-separated list of CIDRs such as `10.0.0.0/8, fd00::/8`. */
function IsCidrList(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCidrList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a comma-separated list of CIDRs (e.g. 10.0.0.0/8)`,
        ...validationOptions,
      },
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'string' && splitList(value).every((item) => ipaddr.isValidCIDR(item)),
      },
    });
  };
}

/**
 * Variables for files: storage, image validation, signed URLs and attachment downloads.
 * Both processes need them (the api serves and accepts images, the worker downloads customer
 * photos), so each app's env class extends this one.
 */
export class MediaEnv extends CommonEnv {
  @IsIn(STORAGE_DRIVERS)
  STORAGE_DRIVER: StorageDriver = 'local';

  /** Root of the local driver; areas `images/` and `case-images/` live below it. */
  @IsString()
  STORAGE_LOCAL_ROOT: string = './uploads';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  IMAGE_MAX_SIZE_MB: number = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  CASE_IMAGES_MAX_SIZE_MB: number = 15;

  /** Decompression-bomb guard: width × height above this is refused before decoding. */
  @Type(() => Number)
  @IsInt()
  @Min(10_000)
  @Max(268_402_689)
  IMAGE_MAX_PIXELS: number = 89_478_485;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(16_384)
  IMAGE_MAX_SIDE_PX: number = 8192;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  IMAGE_DECODE_CONCURRENCY: number = 2;

  /** Admin uploads per user per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  IMAGE_UPLOAD_RATE_LIMIT: number = 10;

  /** HMAC key for signed file URLs; derived from ADMIN_JWT_SECRET (HKDF) when unset. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SIGNED_URL_SECRET must be at least 32 characters' })
  SIGNED_URL_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(7 * 24 * 3600)
  SIGNED_URL_TTL_SECONDS: number = 900;

  /** Public base URL of this API as Chatwoot/WhatsApp reach it (absolute image URLs). */
  @IsConnectionUrl(['http', 'https'])
  API_BASE_URL: string = 'http://localhost:8000';

  /** Extra host names attachment downloads may reach (Chatwoot's storage/CDN), comma separated. */
  @IsOptional()
  @IsString()
  CHATWOOT_STORAGE_DOMAIN?: string;

  /** Private CIDRs downloads may reach on purpose (self-hosted Chatwoot), comma separated. */
  @IsOptional()
  @IsCidrList()
  DOWNLOAD_ALLOWED_PRIVATE_CIDRS?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  DOWNLOAD_TIMEOUT_MS: number = 20_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  DOWNLOAD_MAX_ATTEMPTS: number = 4;
}

export interface MediaOptions {
  storage: StorageOptions;
  images: ImageLimits & { maxUploadBytes: number; maxCaseImageBytes: number };
  uploadRateLimitPerMinute: number;
  signedUrls: { secret: string | Buffer; ttlSeconds: number };
  publicBaseUrl: string;
  downloads: DownloadPolicy;
}

/** Typed media settings; `fallbackSigningKey` is used when SIGNED_URL_SECRET is unset. */
export const buildMediaOptions = (env: MediaEnv, fallbackSigningKey: Buffer): MediaOptions => ({
  storage: { driver: env.STORAGE_DRIVER, localRoot: env.STORAGE_LOCAL_ROOT },
  images: {
    maxPixels: env.IMAGE_MAX_PIXELS,
    maxSide: env.IMAGE_MAX_SIDE_PX,
    maxConcurrentDecodes: env.IMAGE_DECODE_CONCURRENCY,
    maxUploadBytes: env.IMAGE_MAX_SIZE_MB * MB,
    maxCaseImageBytes: env.CASE_IMAGES_MAX_SIZE_MB * MB,
  },
  uploadRateLimitPerMinute: env.IMAGE_UPLOAD_RATE_LIMIT,
  signedUrls: {
    secret: env.SIGNED_URL_SECRET ?? fallbackSigningKey,
    ttlSeconds: env.SIGNED_URL_TTL_SECONDS,
  },
  publicBaseUrl: env.API_BASE_URL.replace(/\/+$/, ''),
  downloads: {
    allowedHosts: splitList(env.CHATWOOT_STORAGE_DOMAIN),
    allowedPrivateCidrs: splitList(env.DOWNLOAD_ALLOWED_PRIVATE_CIDRS),
    maxBytes: env.CASE_IMAGES_MAX_SIZE_MB * MB,
    timeoutMs: env.DOWNLOAD_TIMEOUT_MS,
    maxRedirects: 5,
    maxAttempts: env.DOWNLOAD_MAX_ATTEMPTS,
    retryBaseDelayMs: 1000,
  },
});
