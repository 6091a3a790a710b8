import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AdminUserEntity } from './admin-user.entity';

/**
 * Login / logout / failed-login trail. Attempts on unknown usernames are logged too, with
 * `user_id` null; `username` keeps what was typed. Deleting a staff member keeps their trail
 * (SET NULL, username stays): the trail is never erased.
 */
@Entity('admin_access_log')
@Index('ix_admin_access_log_user_created', ['userId', 'createdAt'])
export class AdminAccessLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => AdminUserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_admin_access_log_user' })
  user?: AdminUserEntity | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  username: string | null;

  @Index('ix_admin_access_log_action')
  @Column({ type: 'varchar', length: 20 })
  action: string;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ipAddress: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Index('ix_admin_access_log_created_at')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
