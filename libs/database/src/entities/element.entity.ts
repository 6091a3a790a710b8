import {
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

/**
 * Something a customer wants legalised (exhaust, handlebar, awning…). Variants point to their
 * base through `parent_element_id`. Deleting through the API only deactivates (soft delete).
 */
@Entity('elements')
@Index('uq_category_element_code', ['categoryId', 'code'], { unique: true })
@Index('ix_elements_category_active', ['categoryId', 'isActive'])
export class ElementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_elements_category' })
  category?: VehicleCategoryEntity;

  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'jsonb' })
  keywords: string[];

  @Column({ type: 'jsonb' })
  aliases: string[];

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Index('ix_elements_parent')
  @Column({ type: 'uuid', nullable: true })
  parentElementId: string | null;

  @ManyToOne(() => ElementEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'parent_element_id', foreignKeyConstraintName: 'fk_elements_parent' })
  parent?: ElementEntity | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  variantType: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  variantCode: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  questionHint: string | null;

  @Column({ type: 'jsonb' })
  multiSelectKeywords: string[];

  @Column({ type: 'boolean', default: true })
  inheritParentData: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
