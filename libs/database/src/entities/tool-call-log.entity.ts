import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonObject } from './json';

export const TOOL_RESULT_TYPES = ['success', 'error', 'blocked'] as const;
export type ToolResultType = (typeof TOOL_RESULT_TYPES)[number];
export const TOOL_CALL_SOURCES = ['engine', 'llm'] as const;
export type ToolCallSource = (typeof TOOL_CALL_SOURCES)[number];

/**
 * One tool (engine operation) call of the assistant. Append-only; parameters are stored
 * truncated and with personal data masked.
 */
@Entity('tool_call_logs')
@Check('ck_tool_call_logs_result_type', `"result_type" IN ('success', 'error', 'blocked')`)
@Check('ck_tool_call_logs_source', `"source" IN ('engine', 'llm')`)
@Index('ix_tool_call_logs_conversation_timestamp', ['conversationId', 'timestamp'])
@Index('ix_tool_call_logs_tool_timestamp', ['toolName', 'timestamp'])
@Index('ix_tool_call_logs_timestamp', ['timestamp'])
export class ToolCallLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  conversationId: string;

  @Column({ type: 'varchar', length: 100 })
  toolName: string;

  @Column({ type: 'jsonb', nullable: true })
  parameters: JsonObject | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  resultSummary: string | null;

  @Column({ type: 'varchar', length: 20 })
  resultType: ToolResultType;

  @Column({ type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ type: 'integer', nullable: true })
  executionTimeMs: number | null;

  @Column({ type: 'integer', default: 0 })
  iteration: number;

  /** Who chose the call: the deterministic engine or the LLM. */
  @Column({ type: 'varchar', length: 10, default: 'engine' })
  source: ToolCallSource;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  timestamp: Date;
}
