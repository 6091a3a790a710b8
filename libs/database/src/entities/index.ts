import { AdminAccessLogEntity } from './admin-access-log.entity';
import { AdminRefreshTokenEntity } from './admin-refresh-token.entity';
import { AdminUserEntity } from './admin-user.entity';
import { AuditLogEntity } from './audit-log.entity';
import { SystemSettingEntity } from './system-setting.entity';

export * from './admin-access-log.entity';
export * from './admin-refresh-token.entity';
export * from './admin-user.entity';
export * from './audit-log.entity';
export * from './system-setting.entity';

/** Every entity the data source knows. Add new entities here (one line each). */
export const ENTITIES = [
  AdminUserEntity,
  AdminAccessLogEntity,
  SystemSettingEntity,
  AuditLogEntity,
  AdminRefreshTokenEntity,
];
