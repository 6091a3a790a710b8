import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
  QueryFailedError,
} from 'typeorm';
import { CatalogueErrorCode, conflict, DomainError, ErrorContext } from '@app/domain';
import { AuditRecord, AuditService } from '../../audit/audit.service';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueCacheService, Invalidation } from '@app/catalogue';

export { CatalogueErrorCode };

export interface WriteContext {
  manager: EntityManager;
  /** Queue an audit row (written in the same transaction). */
  audit: (record: Omit<AuditRecord, 'user'>) => Promise<void>;
  /** Declare what the write changes (invalidated after commit). */
  touches: (change: Invalidation) => void;
  /**
   * Audit an update from the entity's views before and after it: one `update` row with the
   * changed fields, none when nothing changed.
   */
  auditUpdate: (
    entityType: string,
    entityId: string,
    before: object,
    after: object,
  ) => Promise<void>;
  /** Audit a creation: one `create` row holding the new entity's view. */
  auditCreate: (entityType: string, entityId: string, view: object) => Promise<void>;
}

const UNIQUE_VIOLATION = '23505';
const FK_VIOLATION = '23503';

/**
 * Every catalogue write goes through here: one transaction holding the change and its
 * audit_log row (with the acting admin), then exact cache invalidation after commit.
 * Unique-index races surface as 409 instead of 500.
 */
@Injectable()
export class CatalogueWriter {
  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditService: AuditService,
    private readonly cache: CatalogueCacheService,
  ) {}

  public async write<T>(
    actor: AuthenticatedAdmin,
    work: (ctx: WriteContext) => Promise<T>,
    duplicate?: DuplicateDescription,
  ): Promise<T> {
    const changes: Invalidation[] = [];
    let result: T;
    try {
      result = await this.dataSource.transaction(async (manager) => {
        const audit: WriteContext['audit'] = (record) =>
          this.auditService.record(manager, { ...record, user: actor.username });
        return work({
          manager,
          audit,
          touches: (change) => changes.push(change),
          auditCreate: (entityType, entityId, view) =>
            audit({ entityType, entityId, action: 'create', changes: { ...view } }),
          auditUpdate: async (entityType, entityId, before, after) => {
            const changed = diffViews(before, after);
            if (Object.keys(changed).length === 0) return;
            await audit({ entityType, entityId, action: 'update', changes: changed });
          },
        });
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code =
        error instanceof QueryFailedError
          ? (error.driverError as { code?: string }).code
          : undefined;
      if (code === UNIQUE_VIOLATION) {
        throw conflict(
          CatalogueErrorCode.DUPLICATE,
          duplicate?.message ?? 'Ya existe un registro con esos datos',
          duplicate?.context,
        );
      }
      if (code === FK_VIOLATION) {
        throw new DomainError(
          'invalid',
          CatalogueErrorCode.INVALID_REFERENCE,
          'Una referencia no existe o está en uso',
        );
      }
      throw error;
    }
    await this.cache.invalidate({
      global: changes.some((change) => change.global),
      categoryIds: changes.flatMap((change) => change.categoryIds ?? []),
    });
    return result;
  }
}

/** What a 409 for a duplicate says: its message and the fields that collide. */
export interface DuplicateDescription {
  message: string;
  context?: ErrorContext;
}

/**
 * Refuses (409 CATALOGUE_DUPLICATE) a write whose row would match an existing one. The unique
 * index still backs it: a concurrent insert surfaces through `write`'s duplicate option.
 */
export async function assertUnique<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  where: FindOptionsWhere<E>,
  duplicate: DuplicateDescription,
): Promise<void> {
  if (await manager.existsBy(entity, where)) {
    throw conflict(CatalogueErrorCode.DUPLICATE, duplicate.message, duplicate.context);
  }
}

/** Audit payloads: texts over 200 characters are recorded as `{changed, length}`, not copied. */
export const auditValue = (value: unknown): unknown =>
  typeof value === 'string' && value.length > 200 ? { changed: true, length: value.length } : value;

/** Field-level `{field: {old, new}}` diff over snake_case views of an entity. */
export const diffViews = (
  before: object,
  after: object,
): Record<string, { old: unknown; new: unknown }> => {
  const diff: Record<string, { old: unknown; new: unknown }> = {};
  const old = before as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    if (key === 'updated_at' || key === 'created_at') continue;
    if (JSON.stringify(value) !== JSON.stringify(old[key])) {
      diff[key] = { old: auditValue(old[key] ?? null), new: auditValue(value) };
    }
  }
  return diff;
};
