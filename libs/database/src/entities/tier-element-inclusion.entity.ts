import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ElementEntity } from './element.entity';
import { TariffTierEntity } from './tariff-tier.entity';

/**
 * What a tier can price: an element (up to `max_quantity`) or everything another tier can
 * (resolved recursively, cycle-safe). The quote engine enforces these rows.
 */
@Entity('tier_element_inclusions')
@Index('ix_tier_element_inclusions_tier', ['tierId'])
@Index('uq_tier_inclusion_element', ['tierId', 'elementId'], {
  unique: true,
  where: '"element_id" IS NOT NULL',
})
@Index('uq_tier_inclusion_tier', ['tierId', 'includedTierId'], {
  unique: true,
  where: '"included_tier_id" IS NOT NULL',
})
@Check(
  'ck_tier_inclusion_xor',
  `("element_id" IS NOT NULL AND "included_tier_id" IS NULL) OR ("element_id" IS NULL AND "included_tier_id" IS NOT NULL)`,
)
@Check(
  'ck_tier_inclusion_quantities',
  `("min_quantity" IS NULL OR "min_quantity" >= 0) AND ("max_quantity" IS NULL OR "max_quantity" >= 0) AND ("min_quantity" IS NULL OR "max_quantity" IS NULL OR "max_quantity" >= "min_quantity")`,
)
@Check(
  'ck_tier_inclusion_not_self',
  `"included_tier_id" IS NULL OR "included_tier_id" <> "tier_id"`,
)
export class TierElementInclusionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tierId: string;

  @ManyToOne(() => TariffTierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tier_id', foreignKeyConstraintName: 'fk_tier_inclusions_tier' })
  tier?: TariffTierEntity;

  @Column({ type: 'uuid', nullable: true })
  elementId: string | null;

  @ManyToOne(() => ElementEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'element_id', foreignKeyConstraintName: 'fk_tier_inclusions_element' })
  element?: ElementEntity | null;

  @Column({ type: 'uuid', nullable: true })
  includedTierId: string | null;

  @ManyToOne(() => TariffTierEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({
    name: 'included_tier_id',
    foreignKeyConstraintName: 'fk_tier_inclusions_included_tier',
  })
  includedTier?: TariffTierEntity | null;

  @Column({ type: 'integer', nullable: true })
  minQuantity: number | null;

  @Column({ type: 'integer', nullable: true })
  maxQuantity: number | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
