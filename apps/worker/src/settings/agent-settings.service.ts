import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SystemSettingEntity } from '@app/database';
import { WorkerConfig } from '../config/worker.config';

export interface AgentSettings {
  /** Panic button: false = the assistant is off and every new conversation goes to a human. */
  agentEnabled: boolean;
  disabledMessage: string;
}

/** Used when the setting row is missing (it is seeded by a migration). */
export const DEFAULT_DISABLED_MESSAGE =
  'Disculpa las molestias. En este momento nuestro asistente automático no está disponible. ' +
  'Un miembro de nuestro equipo te atenderá lo antes posible.';

/**
 * Reads the panic-button settings from `system_settings` with a short in-process cache
 * (SETTINGS_CACHE_TTL_MS, 5 s like the original). It reads the table itself rather than the
 * settings API's Redis cache, so a cache the api failed to invalidate can never keep the bot on.
 */
@Injectable()
export class AgentSettingsService {
  private cached: { value: AgentSettings; expiresAt: number } | null = null;

  public constructor(
    @InjectRepository(SystemSettingEntity)
    private readonly settings: Repository<SystemSettingEntity>,
    private readonly config: WorkerConfig,
  ) {}

  public async get(): Promise<AgentSettings> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.value;
    const rows = await this.settings.findBy({
      key: In(['agent_enabled', 'agent_disabled_message']),
    });
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    const value: AgentSettings = {
      agentEnabled: (byKey.get('agent_enabled') ?? 'true').trim().toLowerCase() !== 'false',
      disabledMessage: byKey.get('agent_disabled_message')?.trim() || DEFAULT_DISABLED_MESSAGE,
    };
    this.cached = { value, expiresAt: Date.now() + this.config.settingsCacheTtlMs };
    return value;
  }
}
