import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JsonObject } from './json';

/**
 * The customer agent's state of one conversation (step, quote, case collection progress),
 * written in the same transaction as the turn's effects. `version` is bumped on every turn;
 * a turn writes only if the version it read is still current (optimistic locking), so two
 * workers racing on one conversation cannot both apply a turn.
 */
@Entity('agent_conversation_states')
@Index('ix_agent_conversation_states_step', ['step'])
export class AgentConversationStateEntity {
  /** Chatwoot conversation id, as a string. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  conversationId: string;

  @Column({ type: 'jsonb' })
  state: JsonObject;

  @Column({ type: 'varchar', length: 40 })
  step: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ type: 'integer', default: 0 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
