import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonObject } from './json';

export const CONTAINER_ERROR_STATUSES = ['open', 'resolved', 'ignored'] as const;
export type ContainerErrorStatus = (typeof CONTAINER_ERROR_STATUSES)[number];

/**
 * An error-level log line of the api or a worker, grouped: repeats of one error (same service,
 * message without its numbers and ids, first stack frame = `fingerprint`) bump
 * `occurrence_count` and `last_seen_at` of the one unresolved row instead of adding rows. A
 * resolved error that happens again opens a new row; an ignored one keeps counting silently.
 */
@Entity('container_error_logs')
@Check('ck_container_error_logs_status', `"status" IN ('open', 'resolved', 'ignored')`)
@Index('ix_container_error_logs_service_status', ['serviceName', 'status'])
@Index('uq_container_error_logs_fingerprint_unresolved', ['fingerprint'], {
  unique: true,
  where: `"status" <> 'resolved'`,
})
export class ContainerErrorLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_container_error_logs_service_name')
  @Column({ type: 'varchar', length: 50 })
  serviceName: string;

  /** The process instance (host, pid) that last reported it. */
  @Column({ type: 'varchar', length: 100 })
  containerName: string;

  @Index('ix_container_error_logs_level')
  @Column({ type: 'varchar', length: 20 })
  level: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'text', nullable: true })
  stackTrace: string | null;

  /** Extra fields of the log line (redacted). */
  @Column({ type: 'jsonb', nullable: true })
  context: JsonObject | null;

  /** When it was first seen. */
  @Index('ix_container_error_logs_log_timestamp')
  @Column({ type: 'timestamptz' })
  logTimestamp: Date;

  @Column({ type: 'text', nullable: true })
  rawLog: string | null;

  @Index('ix_container_error_logs_status')
  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: ContainerErrorStatus;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionNotes: string | null;

  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ type: 'integer', default: 1 })
  occurrenceCount: number;

  @Index('ix_container_error_logs_last_seen_at')
  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
