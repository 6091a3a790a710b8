import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AdminRefreshTokenEntity, AdminUserEntity } from '@app/database';
import { ClientInfo } from '../common/http/client-info.decorator';
import { ApiConfig } from '../config/api.config';

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresIn: number;
}

export type RotationResult =
  | { outcome: 'rotated'; user: AdminUserEntity; next: IssuedRefreshToken }
  | { outcome: 'reused'; userId: string; username: string | null; familyId: string }
  | { outcome: 'invalid' };

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Rotating, single-use refresh tokens stored as hashes in admin_refresh_tokens. */
@Injectable()
export class RefreshTokenService {
  private readonly logger = new Logger(RefreshTokenService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  /** Starts a new family (one per login). */
  public issue(
    userId: string,
    familyId: string,
    client: ClientInfo,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IssuedRefreshToken> {
    return this.insert(manager, userId, familyId, client);
  }

  /**
   * Consumes a refresh token and issues its successor. A token that was already used means a
   * copy is in someone else's hands: the whole family is revoked (and stays revoked: the
   * transaction commits before the caller answers 401).
   */
  public async rotate(token: string, client: ClientInfo): Promise<RotationResult> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(AdminRefreshTokenEntity, {
        where: { tokenHash: sha256(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.revokedAt) return { outcome: 'invalid' };
      if (row.usedAt) {
        await this.revokeFamily(row.familyId, manager);
        const user = await manager.findOne(AdminUserEntity, { where: { id: row.userId } });
        this.logger.warn(
          { user_id: row.userId, family_id: row.familyId },
          'refresh token reused: family revoked',
        );
        return {
          outcome: 'reused',
          userId: row.userId,
          username: user?.username ?? null,
          familyId: row.familyId,
        };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { outcome: 'invalid' };
      const user = await manager.findOne(AdminUserEntity, { where: { id: row.userId } });
      if (!user || !user.isActive) return { outcome: 'invalid' };
      await manager.update(AdminRefreshTokenEntity, { id: row.id }, { usedAt: new Date() });
      const next = await this.insert(manager, user.id, row.familyId, client);
      return { outcome: 'rotated', user, next };
    });
  }

  public async revokeFamily(
    familyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.update(
      AdminRefreshTokenEntity,
      { familyId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  private async insert(
    manager: EntityManager,
    userId: string,
    familyId: string,
    client: ClientInfo,
  ): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const ttl = this.config.jwt.refreshTtlSeconds;
    await manager.insert(AdminRefreshTokenEntity, {
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + ttl * 1000),
      usedAt: null,
      revokedAt: null,
      ipAddress: client.ip?.slice(0, 45) ?? null,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    return { token, familyId, expiresIn: ttl };
  }
}
