import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAction, AuditLogEntity } from '@app/database';

export interface AuditRecord {
  /** e.g. `admin_user`, `system_setting`. */
  entityType: string;
  entityId: string;
  action: AuditAction;
  /** create: the payload; update: `{field: {old, new}}`; delete: identifying fields. */
  changes: Record<string, unknown> | null;
  /** Username of the acting staff member. */
  user: string;
}

/** Field-level diff for audit rows: only changed fields, as `{field: {old, new}}`. */
export const auditDiff = (
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { old: unknown; new: unknown }> => {
  const diff: Record<string, { old: unknown; new: unknown }> = {};
  for (const [field, value] of Object.entries(after)) {
    if (value !== undefined && value !== before[field]) {
      diff[field] = { old: before[field] ?? null, new: value };
    }
  }
  return diff;
};

/**
 * Writes audit_log rows. Pass the EntityManager of the transaction that makes the change, so
 * the change and its audit row commit (or roll back) together.
 */
@Injectable()
export class AuditService {
  public async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.save(
      manager.create(AuditLogEntity, {
        entityType: record.entityType,
        entityId: record.entityId,
        action: record.action,
        changes: record.changes,
        user: record.user.slice(0, 100),
      }),
    );
  }
}
