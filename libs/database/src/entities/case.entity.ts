import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CaseStatus } from '@app/domain';
import { CustomerEntity } from './customer.entity';
import { EscalationEntity } from './escalation.entity';
import { JsonValue } from './json';
import { TariffTierEntity } from './tariff-tier.entity';
import { VehicleCategoryEntity } from './vehicle-category.entity';

/** `cases.metadata`: progress of the bot's collection. */
export interface CaseMetadata {
  started_at?: string;
  category_slug?: string;
  current_step?: string;
  last_step_at?: string;
  completed_at?: string;
  [key: string]: JsonValue | undefined;
}

/** numeric(10,2) comes back from pg as a string; the API speaks numbers (euros, no VAT). */
const money = {
  to: (value: number | null | undefined): number | null | undefined => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

const STATUS_LIST = `'collecting', 'pending_images', 'pending_review', 'in_progress', 'resolved', 'cancelled', 'abandoned'`;

/**
 * A homologation case ("expediente"). Personal data lives on the customer (`users`); the case
 * keeps vehicle, workshop and tariff data. Column and API field are both `metadata`. At most one
 * active case per conversation, enforced by a partial unique index, so concurrent "open a case"
 * turns cannot create two. `category_id`/`tariff_tier_id` point into the tariff catalogue
 * (SET NULL when a category or tier is deleted: the case keeps its amount and codes).
 */
@Entity('cases')
@Check('ck_cases_status', `"status" IN (${STATUS_LIST})`)
@Index('ix_cases_user_status', ['userId', 'status'])
@Index('ix_cases_status_resolved_at', ['status', 'resolvedAt'])
// Admin list pages (migration AdminListIndexes; DESC is beyond @Index): ("created_at" DESC, "id")
// and ("status", "created_at" DESC, "id").
@Index('ix_cases_created_at_id', { synchronize: false })
@Index('ix_cases_status_created_at_id', { synchronize: false })
@Index('uq_cases_active_conversation', ['conversationId'], {
  unique: true,
  where: `"status" IN ('collecting', 'pending_images', 'pending_review', 'in_progress')`,
})
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Chatwoot conversation id, as a string. */
  @Index('ix_cases_conversation_id')
  @Column({ type: 'varchar', length: 100 })
  conversationId: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => CustomerEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_cases_user' })
  user?: CustomerEntity | null;

  @Index('ix_cases_status')
  @Column({ type: 'varchar', length: 30, default: 'collecting' })
  status: CaseStatus;

  @Column({ type: 'varchar', length: 100, nullable: true })
  vehiculoMarca: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  vehiculoModelo: string | null;

  @Column({ type: 'integer', nullable: true })
  vehiculoAnio: number | null;

  /** Trigram GIN index (pg_trgm) for the admin search ILIKE '%…%'. */
  @Index('ix_cases_vehiculo_matricula_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 20, nullable: true })
  vehiculoMatricula: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  vehiculoBastidor: string | null;

  @Index('ix_cases_category_id')
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_cases_category' })
  category?: VehicleCategoryEntity | null;

  @Column({ type: 'jsonb', default: [] })
  elementCodes: string[];

  @Index('ix_cases_tariff_tier_id')
  @Column({ type: 'uuid', nullable: true })
  tariffTierId: string | null;

  @ManyToOne(() => TariffTierEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'tariff_tier_id', foreignKeyConstraintName: 'fk_cases_tariff_tier' })
  tariffTier?: TariffTierEntity | null;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: money })
  tariffAmount: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  itvNombre: string | null;

  @Column({ type: 'boolean', default: false })
  tallerPropio: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  tallerNombre: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  tallerResponsable: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  tallerDomicilio: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  tallerProvincia: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  tallerCiudad: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  tallerTelefono: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  tallerRegistroIndustrial: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  tallerActividad: string | null;

  @Column({ type: 'boolean', nullable: true })
  cambioPlazas: boolean | null;

  @Column({ type: 'integer', nullable: true })
  plazasIniciales: number | null;

  @Column({ type: 'integer', nullable: true })
  plazasFinales: number | null;

  @Column({ type: 'boolean', nullable: true })
  cambioAltura: boolean | null;

  @Column({ type: 'double precision', nullable: true })
  alturaFinal: number | null;

  @Column({ type: 'boolean', nullable: true })
  cambioAncho: boolean | null;

  @Column({ type: 'double precision', nullable: true })
  anchoFinal: number | null;

  @Column({ type: 'boolean', nullable: true })
  cambioLongitud: boolean | null;

  @Column({ type: 'double precision', nullable: true })
  longitudFinal: number | null;

  @Index('uq_cases_escalation_id', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  escalationId: string | null;

  @ManyToOne(() => EscalationEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'escalation_id', foreignKeyConstraintName: 'fk_cases_escalation' })
  escalation?: EscalationEntity | null;

  /** Append-only lines `[YYYY-MM-DD HH:MM - who] text`. */
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: CaseMetadata;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  resolvedBy: string | null;
}
