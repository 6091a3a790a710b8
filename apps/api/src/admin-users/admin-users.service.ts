import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, QueryFailedError, Repository } from 'typeorm';
import { AdminUserEntity } from '@app/database';
import {
  AdminRole,
  AuthErrorCode,
  conflict,
  DomainError,
  forbidden,
  invalid,
  normaliseUsername,
  notFound,
} from '@app/domain';
import { AuditService, auditDiff } from '../audit/audit.service';
import { AdminSessionsService } from '../auth/admin-sessions.service';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { PasswordService } from '../auth/password.service';
import { MessageResponseDto } from '../common/http/message-response.dto';
import {
  AdminUserListResponseDto,
  AdminUserResponseDto,
  ChangePasswordDto,
  CreateAdminUserDto,
  ListAdminUsersQueryDto,
  toAdminUserResponse,
  UpdateAdminUserDto,
} from './dto/admin-user.dto';
import { pagedListEnvelope } from '../common/http/list-envelope';

const ENTITY_TYPE = 'admin_user';
const UNIQUE_VIOLATION = '23505';

const usernameTaken = (username: string): DomainError =>
  conflict(AuthErrorCode.USERNAME_TAKEN, 'El nombre de usuario ya existe', { username });

/**
 * Staff accounts. Role changes, deactivation and password changes revoke the account's tokens
 * in the same transaction (token version bump); the guard sees it on the next request.
 */
@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger(AdminUsersService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AdminUserEntity) private readonly users: Repository<AdminUserEntity>,
    private readonly passwords: PasswordService,
    private readonly sessions: AdminSessionsService,
    private readonly audit: AuditService,
  ) {}

  public async list(query: ListAdminUsersQueryDto): Promise<AdminUserListResponseDto> {
    const where: FindOptionsWhere<AdminUserEntity> = {};
    if (query.role) where.role = query.role;
    if (query.is_active !== undefined) where.isActive = query.is_active;
    const [rows, total] = await this.users.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return pagedListEnvelope(rows, total, query, toAdminUserResponse);
  }

  public async get(id: string): Promise<AdminUserResponseDto> {
    return toAdminUserResponse(await this.findOrFail(id));
  }

  public async create(
    body: CreateAdminUserDto,
    actor: AuthenticatedAdmin,
  ): Promise<AdminUserResponseDto> {
    const username = normaliseUsername(body.username);
    if (await this.users.exist({ where: { username } })) throw usernameTaken(username);
    const passwordHash = await this.passwords.hash(body.password);
    try {
      const created = await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(
          manager.create(AdminUserEntity, {
            username,
            passwordHash,
            role: body.role ?? AdminRole.USER,
            displayName: body.display_name ?? null,
            isActive: true,
            createdById: actor.id,
          }),
        );
        await this.audit.record(manager, {
          entityType: ENTITY_TYPE,
          entityId: user.id,
          action: 'create',
          changes: { username, role: user.role, display_name: user.displayName },
          user: actor.username,
        });
        return user;
      });
      this.logger.log({ username, role: created.role, by: actor.username }, 'admin user created');
      return toAdminUserResponse(created);
    } catch (error) {
      // Two concurrent creates of the same name: the unique index decides.
      if (this.isUniqueViolation(error)) {
        throw usernameTaken(username);
      }
      throw error;
    }
  }

  public async update(
    id: string,
    body: UpdateAdminUserDto,
    actor: AuthenticatedAdmin,
  ): Promise<AdminUserResponseDto> {
    if (id === actor.id) {
      if (body.role !== undefined && body.role !== actor.role) {
        throw invalid(AuthErrorCode.SELF_MODIFICATION, 'No puede cambiar su propio rol');
      }
      if (body.is_active === false) {
        throw invalid(AuthErrorCode.SELF_MODIFICATION, 'No puede desactivar su propia cuenta');
      }
    }
    const updated = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(AdminUserEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw notFound('Usuario administrador', id);
      const diff = auditDiff(
        { display_name: user.displayName, role: user.role, is_active: user.isActive },
        { display_name: body.display_name, role: body.role, is_active: body.is_active },
      );
      if (Object.keys(diff).length === 0) return user;
      const revoke = 'role' in diff || (diff.is_active !== undefined && body.is_active === false);
      if (body.display_name !== undefined) user.displayName = body.display_name;
      if (body.role !== undefined) user.role = body.role;
      if (body.is_active !== undefined) user.isActive = body.is_active;
      await manager.save(user);
      if (revoke) await this.sessions.revokeAllTokens(manager, user.id);
      await this.audit.record(manager, {
        entityType: ENTITY_TYPE,
        entityId: user.id,
        action: 'update',
        changes: diff,
        user: actor.username,
      });
      return user;
    });
    await this.sessions.refreshState(id);
    return toAdminUserResponse(await this.findOrFail(updated.id));
  }

  public async remove(id: string, actor: AuthenticatedAdmin): Promise<MessageResponseDto> {
    if (id === actor.id) {
      throw invalid(AuthErrorCode.SELF_MODIFICATION, 'No puede eliminar su propia cuenta');
    }
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(AdminUserEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw notFound('Usuario administrador', id);
      await manager.delete(AdminUserEntity, { id });
      await this.audit.record(manager, {
        entityType: ENTITY_TYPE,
        entityId: id,
        action: 'delete',
        changes: { username: user.username, role: user.role },
        user: actor.username,
      });
    });
    await this.sessions.refreshState(id);
    this.logger.log({ id, by: actor.username }, 'admin user deleted');
    return { message: 'Usuario administrador eliminado' };
  }

  /**
   * Changing one's own password always needs the current one (any role: a stolen session must
   * not be enough to take the account over). Admins set other people's passwords without it; a
   * `user` cannot touch anyone else's. Every existing token of the account is revoked.
   */
  public async changePassword(
    id: string,
    body: ChangePasswordDto,
    actor: AuthenticatedAdmin,
  ): Promise<MessageResponseDto> {
    const own = id === actor.id;
    if (!own && actor.role !== AdminRole.ADMIN) {
      throw forbidden('Solo puede cambiar su propia contraseña');
    }
    const user = await this.findOrFail(id);
    if (own) {
      if (!body.current_password) {
        throw invalid(AuthErrorCode.CURRENT_PASSWORD_REQUIRED, 'Debe indicar la contraseña actual');
      }
      if (!(await this.passwords.verify(body.current_password, user.passwordHash))) {
        throw invalid(
          AuthErrorCode.CURRENT_PASSWORD_INCORRECT,
          'La contraseña actual no es correcta',
        );
      }
    }
    const passwordHash = await this.passwords.hash(body.new_password);
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(AdminUserEntity, { id }, { passwordHash });
      if (!result.affected) throw notFound('Usuario administrador', id);
      await this.sessions.revokeAllTokens(manager, id);
      await this.audit.record(manager, {
        entityType: ENTITY_TYPE,
        entityId: id,
        action: 'update',
        changes: { password: { changed: true } },
        user: actor.username,
      });
    });
    await this.sessions.refreshState(id);
    this.logger.log({ username: user.username, by: actor.username }, 'admin password changed');
    return { message: 'Contraseña actualizada; las sesiones abiertas se han cerrado' };
  }

  private async findOrFail(id: string): Promise<AdminUserEntity> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw notFound('Usuario administrador', id);
    return user;
  }

  private isUniqueViolation(error: unknown): boolean {
    if (!(error instanceof QueryFailedError)) return false;
    const driverError: unknown = error.driverError;
    return (driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION;
  }
}
