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

/** Optional extras (workshop certificate, urgency…), never added to the tier price. */
@Entity('additional_services')
@Index('ix_additional_services_category', ['categoryId'])
@Check('ck_additional_services_price', `"price" >= 0`)
export class AdditionalServiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** NULL = global (offered in every category). */
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_additional_services_category' })
  category?: VehicleCategoryEntity | null;

  @Column({ type: 'varchar', length: 50 })
  code: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'numeric', precision: 10, scale: 2 })
  price: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
