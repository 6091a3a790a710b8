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

/** Editable prompt text per category, rendered by the calculator-prompt preview. */
@Entity('tariff_prompt_sections')
@Index('uq_prompt_section_category_type', ['categoryId', 'sectionType'], { unique: true })
@Check(
  'ck_tariff_prompt_sections_type',
  `"section_type" IN ('algorithm', 'recognition_table', 'special_cases', 'footer')`,
)
export class TariffPromptSectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_prompt_sections_category' })
  category?: VehicleCategoryEntity;

  @Column({ type: 'varchar', length: 50 })
  sectionType: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
