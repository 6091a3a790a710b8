import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AdminRole } from '@app/domain';

@Entity('admin_users')
@Check('ck_admin_users_role', `"role" IN ('admin', 'user')`)
export class AdminUserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_admin_users_username', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20, default: AdminRole.USER })
  role: AdminRole;

  @Column({ type: 'varchar', length: 100, nullable: true })
  displayName: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /**
   * Bumped on deactivation, role change and password change. Access tokens carry the version
   * they were issued with; the guard rejects older ones, so those changes revoke at once.
   */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => AdminUserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_admin_users_created_by' })
  createdBy?: AdminUserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
