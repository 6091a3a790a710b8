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
 * Rotating refresh tokens. Only a SHA-256 of the token is stored. Every refresh marks its row
 * used and issues a new one in the same family; presenting a used token again (a stolen copy)
 * revokes the whole family.
 */
@Entity('admin_refresh_tokens')
@Index('ix_admin_refresh_tokens_family', ['familyId'])
@Index('ix_admin_refresh_tokens_user', ['userId'])
export class AdminRefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => AdminUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_admin_refresh_tokens_user' })
  user?: AdminUserEntity;

  /** One family per login; shared by every token rotated from it (also the access token `sid`). */
  @Column({ type: 'uuid' })
  familyId: string;

  @Index('uq_admin_refresh_tokens_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ipAddress: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
