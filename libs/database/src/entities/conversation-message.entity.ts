import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { JsonObject } from './json';
import { ConversationHistoryEntity } from './conversation-history.entity';

export type ConversationMessageRole = 'user' | 'assistant';

/**
 * Archive of the messages of a conversation. The unique Chatwoot message id makes storing a
 * customer message idempotent; `reply_to_chatwoot_message_id` does the same for the one
 * assistant reply to it.
 */
@Entity('conversation_messages')
@Check('ck_conversation_messages_role', `"role" IN ('user', 'assistant')`)
@Index('ix_conversation_messages_history_created', ['conversationHistoryId', 'createdAt'])
export class ConversationMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_conversation_messages_history_id')
  @Column({ type: 'uuid' })
  conversationHistoryId: string;

  @ManyToOne(() => ConversationHistoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'conversation_history_id',
    foreignKeyConstraintName: 'fk_conversation_messages_history',
  })
  conversationHistory?: ConversationHistoryEntity;

  @Column({ type: 'varchar', length: 20 })
  role: ConversationMessageRole;

  @Column({ type: 'text' })
  content: string;

  @Index('uq_conversation_messages_chatwoot_message_id', { unique: true })
  @Column({ type: 'integer', nullable: true })
  chatwootMessageId: number | null;

  @Index('uq_conversation_messages_reply_to', { unique: true })
  @Column({ type: 'integer', nullable: true })
  replyToChatwootMessageId: number | null;

  @Column({ type: 'boolean', default: false })
  hasImages: boolean;

  @Column({ type: 'integer', default: 0 })
  imageCount: number;

  @Column({ type: 'jsonb', nullable: true })
  attachments: JsonObject[] | null;

  /**
   * When the customer agent took this customer message into a turn. Set in the turn's
   * transaction: a message already taken is never answered again (redelivery, bursts).
   */
  @Column({ type: 'timestamptz', nullable: true })
  agentTurnAt: Date | null;

  @Index('ix_conversation_messages_created_at')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
