import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who changed what: one row per create/update/delete of an administrable entity. */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entityType', 'entityId'])
@Check('ck_audit_log_action', `"action" IN ('create', 'update', 'delete')`)
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50 })
  entityType: string;

  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'varchar', length: 20 })
  action: AuditAction;

  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;

  /** Username of the acting admin (column `user`, a name kept from the replaced schema). */
  @Column({ name: 'user', type: 'varchar', length: 100, nullable: true })
  user: string | null;

  @Index('ix_audit_log_created_at')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
