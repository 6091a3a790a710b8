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
import { WarningEntity } from './warning.entity';

/** Shows a warning with an element, under one of the shared show conditions. */
@Entity('element_warning_associations')
@Index('uq_element_warning', ['elementId', 'warningId'], { unique: true })
@Index('ix_element_warning_associations_warning', ['warningId'])
@Check(
  'ck_element_warning_show_condition',
  `"show_condition" IN ('always', 'if_selected', 'on_exceed_max', 'on_below_min')`,
)
@Check('ck_element_warning_threshold', `"threshold_quantity" IS NULL OR "threshold_quantity" >= 0`)
export class ElementWarningAssociationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  elementId: string;

  @ManyToOne(() => ElementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'element_id', foreignKeyConstraintName: 'fk_element_warning_element' })
  element?: ElementEntity;

  @Column({ type: 'uuid' })
  warningId: string;

  @ManyToOne(() => WarningEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'warning_id', foreignKeyConstraintName: 'fk_element_warning_warning' })
  warning?: WarningEntity;

  @Column({ type: 'varchar', length: 50 })
  showCondition: string;

  @Column({ type: 'integer', nullable: true })
  thresholdQuantity: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
