import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { SystemSettingEntity } from '@app/database';
import {
  DomainError,
  invalid,
  normaliseSettingValue,
  notFound,
  SettingKey,
  SettingValue,
} from '@app/domain';
import { SystemSettingsReader } from '@app/settings';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/auth-request';
import {
  SettingListResponseDto,
  SettingResponseDto,
  toSettingResponse,
  UpdateSettingDto,
} from './dto/setting.dto';

export const SETTING_VALUE_INVALID = 'SETTING_VALUE_INVALID';
export const SETTING_NOT_MUTABLE = 'SETTING_NOT_MUTABLE';

/**
 * Admin access to system_settings. Writes invalidate the shared Redis cache that
 * `SystemSettingsReader` (api and worker) reads through; `get()` is the cached read for code.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(SystemSettingEntity)
    private readonly settings: Repository<SystemSettingEntity>,
    private readonly reader: SystemSettingsReader,
    private readonly audit: AuditService,
  ) {}

  /** Cached, typed value for code paths (e.g. the panic button); `undefined` when missing. */
  public get(key: string): Promise<SettingValue | undefined> {
    return this.reader.get(key);
  }

  public async list(): Promise<SettingListResponseDto> {
    const rows = await this.settings.find({ order: { key: 'ASC' } });
    return { items: rows.map(toSettingResponse), total: rows.length, has_more: false };
  }

  public async findOne(key: string): Promise<SettingResponseDto> {
    const row = await this.settings.findOne({ where: { key } });
    if (!row) throw notFound('Ajuste', key);
    return toSettingResponse(row);
  }

  public async update(
    key: string,
    body: UpdateSettingDto,
    actor: AuthenticatedAdmin,
  ): Promise<SettingResponseDto> {
    const { setting, oldValue } = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(SystemSettingEntity, {
        where: { key },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound('Ajuste', key);
      if (!row.isMutable) {
        throw new DomainError(
          'forbidden',
          SETTING_NOT_MUTABLE,
          `El ajuste '${key}' no se puede modificar`,
          { key },
        );
      }
      const normalised = normaliseSettingValue(row.valueType, body.value);
      if (!normalised.ok) {
        throw invalid(SETTING_VALUE_INVALID, normalised.reason, { key, value_type: row.valueType });
      }
      const previous = row.value;
      if (normalised.value !== previous) {
        row.value = normalised.value;
        await manager.save(row);
        await this.audit.record(manager, {
          entityType: 'system_setting',
          entityId: row.id,
          action: 'update',
          changes: { value: { old: previous, new: row.value } },
          user: actor.username,
        });
      }
      return { setting: row, oldValue: previous };
    });

    try {
      await this.reader.invalidate(key);
    } catch {
      // Already logged by the reader; the cache entry expires within seconds anyway.
    }
    const changed = oldValue !== setting.value;
    this.logger.log(
      {
        setting_key: key,
        old_value: oldValue,
        new_value: setting.value,
        changed_by: actor.username,
      },
      `setting '${key}' updated by ${actor.username}`,
    );
    if (key === SettingKey.AGENT_ENABLED) {
      const enabled = setting.value === 'true';
      this.logger.warn(
        {
          event_type: 'panic_button',
          agent_enabled: enabled,
          changed,
          changed_by: actor.username,
        },
        `PANIC BUTTON: Agent ${enabled ? 'ENABLED' : 'DISABLED'} by ${actor.username}`,
      );
    }
    return toSettingResponse(setting);
  }
}
