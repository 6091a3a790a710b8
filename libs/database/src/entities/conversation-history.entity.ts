import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { JsonObject } from './json';
import { CustomerEntity } from './customer.entity';

/** One Chatwoot conversation as we know it (spec §3 `conversation_history`). */
@Entity('conversation_history')
@Index('ix_conversation_history_started_at', ['startedAt'])
export class ConversationHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_conversation_history_user_id')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => CustomerEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_conversation_history_user' })
  user?: CustomerEntity | null;

  /** Chatwoot conversation id, as a string. */
  @Index('uq_conversation_history_conversation_id', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  conversationId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** Customer messages stored for this conversation. */
  @Column({ type: 'integer', default: 0 })
  messageCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: JsonObject;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
