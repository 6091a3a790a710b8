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
import { ElementEntity } from './element.entity';
import { TariffTierEntity } from './tariff-tier.entity';
import { VehicleCategoryEntity } from './vehicle-category.entity';

/** A message the customer must be told; global or scoped to one category, tier or element. */
@Entity('warnings')
@Check(
  'ck_warning_scope_exclusive',
  `(("category_id" IS NOT NULL)::int + ("tier_id" IS NOT NULL)::int + ("element_id" IS NOT NULL)::int) <= 1`,
)
@Check('ck_warnings_severity', `"severity" IN ('info', 'warning', 'error')`)
export class WarningEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_warnings_code', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 20, default: 'warning' })
  severity: string;

  @Index('ix_warnings_category', { where: '"category_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_warnings_category' })
  category?: VehicleCategoryEntity | null;

  @Index('ix_warnings_tier', { where: '"tier_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  tierId: string | null;

  @ManyToOne(() => TariffTierEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'tier_id', foreignKeyConstraintName: 'fk_warnings_tier' })
  tier?: TariffTierEntity | null;

  @Index('ix_warnings_element', { where: '"element_id" IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  elementId: string | null;

  @ManyToOne(() => ElementEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'element_id', foreignKeyConstraintName: 'fk_warnings_element' })
  element?: ElementEntity | null;

  /** `{element_keywords?, show_with_elements?, always_show?}`. */
  @Column({ type: 'jsonb', nullable: true })
  triggerConditions: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
