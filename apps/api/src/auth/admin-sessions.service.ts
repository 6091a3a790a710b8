import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AdminRefreshTokenEntity, AdminUserEntity } from '@app/database';
import { AdminRole, isAdminRole } from '@app/domain';
import { RedisService } from '@app/redis';

/** How long the guard may serve a staff member's auth state from Redis without the DB. */
export const AUTH_STATE_CACHE_TTL_SECONDS = 60;

/** What the guard needs to know about a staff member on every request. */
export interface AdminAuthState {
  id: string;
  username: string;
  role: AdminRole;
  displayName: string | null;
  isActive: boolean;
  tokenVersion: number;
}

/** Cached value: the state, or `null` for a deleted user (a tombstone). */
type CachedState = AdminAuthState | null;

/**
 * Owns a staff member's server-side session state: the cached auth row the guard checks, and
 * revocation (token version bump + refresh tokens) when the account changes.
 *
 * Cache protocol: readers fill the cache with SET NX, writers overwrite it with plain SET after
 * their transaction commits. A reader that loaded a stale row before the commit can therefore
 * never overwrite the fresh value, so a revocation is visible to every replica at once.
 */
@Injectable()
export class AdminSessionsService {
  public constructor(
    @InjectRepository(AdminUserEntity) private readonly users: Repository<AdminUserEntity>,
    private readonly redis: RedisService,
  ) {}

  public static stateKey(userId: string): string {
    return `admin_auth:${userId}`;
  }

  /** Cached auth state of a user; `null` when the user does not exist. */
  public async loadState(userId: string, cached?: string | null): Promise<AdminAuthState | null> {
    if (cached !== undefined && cached !== null) return JSON.parse(cached) as CachedState;
    const state = await this.readFromDb(userId);
    await this.redis.client.set(
      AdminSessionsService.stateKey(userId),
      JSON.stringify(state),
      'EX',
      AUTH_STATE_CACHE_TTL_SECONDS,
      'NX',
    );
    return state;
  }

  /** Call after a committed change to the user's row (or its deletion). */
  public async refreshState(userId: string): Promise<void> {
    const state = await this.readFromDb(userId);
    await this.redis.client.set(
      AdminSessionsService.stateKey(userId),
      JSON.stringify(state),
      'EX',
      AUTH_STATE_CACHE_TTL_SECONDS,
    );
  }

  /**
   * Invalidates every access and refresh token of the user, inside the caller's transaction.
   * Follow with `refreshState()` once the transaction has committed.
   */
  public async revokeAllTokens(manager: EntityManager, userId: string): Promise<void> {
    await manager.increment(AdminUserEntity, { id: userId }, 'tokenVersion', 1);
    await manager.update(
      AdminRefreshTokenEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  private async readFromDb(userId: string): Promise<AdminAuthState | null> {
    const row = await this.users.findOne({ where: { id: userId } });
    if (!row || !isAdminRole(row.role)) return null;
    return {
      id: row.id,
      username: row.username,
      role: row.role,
      displayName: row.displayName,
      isActive: row.isActive,
      tokenVersion: row.tokenVersion,
    };
  }
}
