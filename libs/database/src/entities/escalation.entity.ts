import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { JsonObject } from './json';
import { CustomerEntity } from './customer.entity';

export const ESCALATION_STATUSES = ['pending', 'in_progress', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export type EscalationSource = 'tool_call' | 'error' | 'auto_escalation' | 'agent_disabled';

/**
 * Hand-over of a conversation to a human. At most one open (pending or in_progress) escalation
 * per conversation, enforced by a partial unique index, so retries and concurrent triggers
 * cannot create a second one.
 */
@Entity('escalations')
@Check('ck_escalations_status', `"status" IN ('pending', 'in_progress', 'resolved')`)
@Index('ix_escalations_status_triggered', ['status', 'triggeredAt'])
@Index('ix_escalations_status_resolved_at', ['status', 'resolvedAt'])
@Index('uq_escalations_open_conversation', ['conversationId'], {
  unique: true,
  where: `"status" IN ('pending', 'in_progress')`,
})
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_escalations_conversation_id')
  @Column({ type: 'varchar', length: 100 })
  conversationId: string;

  @Index('ix_escalations_user_id')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => CustomerEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_escalations_user' })
  user?: CustomerEntity | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 50, default: 'tool_call' })
  source: EscalationSource;

  @Index('ix_escalations_status')
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: EscalationStatus;

  @Index('ix_escalations_triggered_at')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  triggeredAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: JsonObject;
}
