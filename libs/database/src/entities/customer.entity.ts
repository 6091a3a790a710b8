import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ClientType } from '@app/domain';
import { JsonValue } from './json';

/** Customer metadata: the WhatsApp name and, when the phone was not usable, what Chatwoot sent. */
export interface CustomerMetadata {
  whatsapp_name?: string;
  whatsapp_username?: string;
  /** Phone exactly as Chatwoot gave it when it was not a valid number. */
  phone_raw?: string;
  phone_status?: 'valid' | 'invalid' | 'missing';
  [key: string]: JsonValue | undefined;
}

/**
 * A WhatsApp customer (table `users`, API `/api/admin/users`; staff live in `admin_users`).
 * `phone` is E.164 and unique when present; customers without a usable phone (WhatsApp
 * username users, invalid numbers) are keyed by their Chatwoot contact id instead.
 */
@Entity('users')
@Check('ck_users_client_type', `"client_type" IN ('particular', 'professional')`)
// Admin list (migration AdminListIndexes): ("created_at" DESC, "id"), the newest-first page.
@Index('ix_users_created_at_id', { synchronize: false })
// ("last_activity_at" DESC, "id") (migration CustomerLastActivity): the list sorted by activity.
@Index('ix_users_last_activity_at_id', { synchronize: false })
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_users_phone', { unique: true })
  // Trigram GIN indexes (pg_trgm, migration AdminListIndexes) for the admin search ILIKE '%…%'.
  @Index('ix_users_phone_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Index('ix_users_first_name_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 100, nullable: true })
  firstName: string | null;

  @Index('ix_users_last_name_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 100, nullable: true })
  lastName: string | null;

  @Index('ix_users_email_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  nifCif: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  companyName: string | null;

  @Column({ type: 'varchar', length: 20, default: 'particular' })
  clientType: ClientType;

  @Column({ type: 'varchar', length: 255, nullable: true })
  domicilioCalle: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  domicilioLocalidad: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  domicilioProvincia: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  domicilioCp: string | null;

  @Index('uq_users_chatwoot_contact_id', { unique: true })
  @Column({ type: 'integer', nullable: true })
  chatwootContactId: number | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: CustomerMetadata;

  /**
   * Last time the customer wrote (kept by the worker with each message; recomputed when a
   * conversation is deleted); the creation time for customers who never wrote.
   */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
