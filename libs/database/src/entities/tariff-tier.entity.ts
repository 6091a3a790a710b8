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
import { VehicleCategoryEntity } from './vehicle-category.entity';

/** One price of a category (EUR, no VAT) with its classification rules and count range. */
@Entity('tariff_tiers')
@Index('uq_category_tier_code', ['categoryId', 'code'], { unique: true })
@Check('ck_tariff_tiers_price', `"price" >= 0`)
@Check(
  'ck_tariff_tiers_element_range',
  `"min_elements" IS NULL OR "max_elements" IS NULL OR "max_elements" >= "min_elements"`,
)
export class TariffTierEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_tariff_tiers_category' })
  category?: VehicleCategoryEntity;

  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** numeric(10,2): pg returns it as a string; never a float in storage. */
  @Column({ type: 'numeric', precision: 10, scale: 2 })
  price: string;

  @Column({ type: 'text', nullable: true })
  conditions: string | null;

  /** `{applies_if_any, priority, requires_project, notes?, outside_tier_limits?}`. */
  @Column({ type: 'jsonb', nullable: true })
  classificationRules: Record<string, unknown> | null;

  @Column({ type: 'integer', nullable: true })
  minElements: number | null;

  @Column({ type: 'integer', nullable: true })
  maxElements: number | null;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
