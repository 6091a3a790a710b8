import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * Monthly LLM token totals per model, incremented by one atomic upsert per call. Costs are
 * accumulated at the price in force at call time, so a price change does not rewrite history.
 */
@Entity('token_usage')
@Unique('uq_token_usage_year_month_model', ['year', 'month', 'model'])
@Check('ck_token_usage_month', `"month" BETWEEN 1 AND 12`)
export class TokenUsageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  month: number;

  @Column({ type: 'varchar', length: 100 })
  model: string;

  /** bigint: returned by the driver as a string. */
  @Column({ type: 'bigint', default: 0 })
  inputTokens: string;

  @Column({ type: 'bigint', default: 0 })
  outputTokens: string;

  @Column({ type: 'integer', default: 0 })
  totalRequests: number;

  @Column({ type: 'numeric', precision: 14, scale: 6, default: 0 })
  costInputUsd: string;

  @Column({ type: 'numeric', precision: 14, scale: 6, default: 0 })
  costOutputUsd: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
