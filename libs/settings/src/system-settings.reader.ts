import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SystemSettingEntity } from '@app/database';
import { parseSettingValue, SettingKey, SettingValue, SettingValueType } from '@app/domain';
import { RedisService } from '@app/redis';

/** Cache lifetime; writes delete the key at once, the TTL only bounds a read/write race. */
export const SETTINGS_CACHE_TTL_SECONDS = 10;

interface CachedSetting {
  value: string;
  valueType: SettingValueType;
}

/**
 * Cached read access to `system_settings`, for the api and the worker alike. Values live in
 * Redis under `system_setting:{key}` (shared by every process, so one invalidation reaches all
 * of them); when Redis is unavailable the reader falls back to PostgreSQL.
 */
@Injectable()
export class SystemSettingsReader {
  private readonly logger = new Logger(SystemSettingsReader.name);

  public constructor(
    @InjectRepository(SystemSettingEntity)
    private readonly settings: Repository<SystemSettingEntity>,
    private readonly redis: RedisService,
  ) {}

  public static cacheKey(key: string): string {
    return `system_setting:${key}`;
  }

  /** Typed value of a setting, or `undefined` when it does not exist or does not parse. */
  public async get(key: string): Promise<SettingValue | undefined> {
    const raw = await this.getRaw(key);
    if (!raw) return undefined;
    return parseSettingValue(raw.valueType, raw.value) ?? undefined;
  }

  public async getBoolean(key: string, fallback: boolean): Promise<boolean> {
    const value = await this.get(key);
    return typeof value === 'boolean' ? value : fallback;
  }

  public async getInteger(key: string, fallback: number): Promise<number> {
    const value = await this.get(key);
    return typeof value === 'number' ? value : fallback;
  }

  public async getString(key: string, fallback: string): Promise<string> {
    const value = await this.get(key);
    return typeof value === 'string' ? value : fallback;
  }

  /** The panic button. A missing or broken row keeps the assistant on. */
  public async isAgentEnabled(): Promise<boolean> {
    return this.getBoolean(SettingKey.AGENT_ENABLED, true);
  }

  /** Drops the cached copy; call after every write (the api's settings service does). */
  public async invalidate(key: string): Promise<void> {
    try {
      await this.redis.client.del(SystemSettingsReader.cacheKey(key));
    } catch (error) {
      this.logger.warn(`settings cache invalidation failed for ${key}: ${String(error)}`);
      throw error;
    }
  }

  private async getRaw(key: string): Promise<CachedSetting | null> {
    const cacheKey = SystemSettingsReader.cacheKey(key);
    try {
      const cached = await this.redis.client.get(cacheKey);
      if (cached !== null) return JSON.parse(cached) as CachedSetting | null;
    } catch {
      // Redis down or a foreign value: read through to the database.
    }
    const row = await this.settings.findOne({
      where: { key },
      select: { key: true, value: true, valueType: true },
    });
    const entry: CachedSetting | null = row ? { value: row.value, valueType: row.valueType } : null;
    try {
      await this.redis.client.set(
        cacheKey,
        JSON.stringify(entry),
        'EX',
        SETTINGS_CACHE_TTL_SECONDS,
      );
    } catch {
      // Caching is an optimisation only.
    }
    return entry;
  }
}
