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

/** One Chatwoot conversation as we know it; its messages are `conversation_messages`. */
@Entity('conversation_history')
// Admin list pages (migration AdminListIndexes; directions and expressions are beyond @Index):
// ("started_at" DESC, "id") and
// ((COALESCE("last_message_at", "started_at")) DESC, "id") INCLUDE ("last_message_at", "started_at").
@Index('ix_conversation_history_started_at_id', { synchronize: false })
@Index('ix_conversation_history_activity_id', { synchronize: false })
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
