import { Injectable } from '@nestjs/common';
import { SettingKey } from '@app/domain';
import { SystemSettingsReader } from '@app/settings';
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
 * The panic-button settings for the incoming handler. Reads through the shared
 * `SystemSettingsReader` (Redis cache `system_setting:{key}`, invalidated by the settings API on
 * every write, PostgreSQL fallback) and keeps the pair for SETTINGS_CACHE_TTL_MS in process so a
 * burst of messages costs one read.
 */
@Injectable()
export class AgentSettingsService {
  private cached: { value: AgentSettings; expiresAt: number } | null = null;

  public constructor(
    private readonly reader: SystemSettingsReader,
    private readonly config: WorkerConfig,
  ) {}

  public async get(): Promise<AgentSettings> {
    if (this.cached && this.cached.expiresAt > Date.now()) return this.cached.value;
    const [agentEnabled, message] = await Promise.all([
      this.reader.isAgentEnabled(),
      this.reader.getString(SettingKey.AGENT_DISABLED_MESSAGE, DEFAULT_DISABLED_MESSAGE),
    ]);
    const value: AgentSettings = {
      agentEnabled,
      disabledMessage: message.trim() || DEFAULT_DISABLED_MESSAGE,
    };
    this.cached = { value, expiresAt: Date.now() + this.config.settingsCacheTtlMs };
    return value;
  }
}
