import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One LLM call (successful or not): latency, tokens and estimated cost. Append-only. */
@Entity('llm_usage_metrics')
@Index('ix_llm_usage_metrics_created_at', ['createdAt'])
@Index('ix_llm_usage_metrics_task_type_created', ['taskType', 'createdAt'])
@Index('ix_llm_usage_metrics_provider_success', ['provider', 'success'])
export class LlmUsageMetricEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  conversationId: string | null;

  @Column({ type: 'varchar', length: 50 })
  taskType: string;

  @Column({ type: 'varchar', length: 30 })
  provider: string;

  @Column({ type: 'varchar', length: 100 })
  model: string;

  @Column({ type: 'integer' })
  latencyMs: number;

  @Column({ type: 'integer', default: 0 })
  inputTokens: number;

  @Column({ type: 'integer', default: 0 })
  outputTokens: number;

  @Column({ type: 'boolean' })
  success: boolean;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;

  @Column({ type: 'boolean', default: false })
  fallbackUsed: boolean;

  @Column({ type: 'numeric', precision: 12, scale: 6, default: 0 })
  estimatedCostUsd: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
