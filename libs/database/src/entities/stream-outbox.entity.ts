import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StreamEnvelope } from '@app/domain';

/**
 * Transactional outbox: stream messages written in the same transaction as the rows that cause
 * them, then published (idempotently, keyed by row id). A crash between commit and XADD only
 * delays the message; it is published by the redelivered handler or the outbox sweeper.
 */
@Entity('stream_outbox')
@Index('ix_stream_outbox_unpublished', ['createdAt'], { where: '"published_at" IS NULL' })
export class StreamOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  messageType: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  orderingKey: string | null;

  /** The whole stream envelope, as it will be published. */
  @Column({ type: 'jsonb' })
  envelope: StreamEnvelope<object>;

  /** Order of the rows written by one transaction (their created_at is the same). */
  @Column({ type: 'integer', default: 0 })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
