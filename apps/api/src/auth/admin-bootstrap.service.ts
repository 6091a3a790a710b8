import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdminUserEntity } from '@app/database';
import { AdminRole } from '@app/domain';
import { ApiConfig } from '../config/api.config';
import { PasswordService } from './password.service';

/** Arbitrary constant: serialises the bootstrap of several api replicas starting together. */
const BOOTSTRAP_LOCK_ID = 73_214_001;

export type BootstrapOutcome = 'exists' | 'created' | 'missing';

/**
 * No default credentials: the first admin comes from ADMIN_USERNAME + ADMIN_PASSWORD (or
 * ADMIN_PASSWORD_HASH), and only while admin_users is empty. In production the api refuses to
 * start with an empty table and neither variable, since nobody could log in.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly config: ApiConfig,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    const outcome = await this.ensureFirstAdmin();
    const { username } = this.config.bootstrapAdmin;
    if (outcome === 'created') {
      this.logger.log(`created the first admin "${username}" from ADMIN_USERNAME/ADMIN_PASSWORD*`);
    } else if (outcome === 'missing') {
      const message =
        'admin_users is empty and neither ADMIN_PASSWORD nor ADMIN_PASSWORD_HASH is set: ' +
        'nobody can log in. Set one of them (with ADMIN_USERNAME) and restart.';
      if (this.config.isProduction) throw new Error(`refusing to start: ${message}`);
      this.logger.warn(message);
    }
  }

  public async ensureFirstAdmin(): Promise<BootstrapOutcome> {
    const { username, password, passwordHash } = this.config.bootstrapAdmin;
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
      if ((await manager.count(AdminUserEntity)) > 0) return 'exists';
      if (!password && !passwordHash) return 'missing';
      if (password && passwordHash) {
        this.logger.warn('both ADMIN_PASSWORD and ADMIN_PASSWORD_HASH are set: using the hash');
      }
      await manager.insert(AdminUserEntity, {
        username,
        passwordHash: passwordHash ?? (await this.passwords.hash(password ?? '')),
        role: AdminRole.ADMIN,
        displayName: 'Administrador',
        isActive: true,
      });
      return 'created';
    });
  }
}
