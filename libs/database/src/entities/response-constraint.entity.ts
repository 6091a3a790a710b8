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
 * A guard on the assistant's replies: text matching `detection_pattern` may only be sent when
 * one of `required_tool` (pipe-separated) ran in the same turn; otherwise the turn is retried
 * with `error_injection` as the correction.
 */
@Entity('response_constraints')
@Index('ix_response_constraints_category', ['categoryId'])
@Index('ix_response_constraints_active_priority', ['isActive', 'priority'])
export class ResponseConstraintEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** NULL = applies to every category. */
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => VehicleCategoryEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_response_constraints_category' })
  category?: VehicleCategoryEntity | null;

  @Column({ type: 'varchar', length: 50 })
  constraintType: string;

  @Column({ type: 'varchar', length: 500 })
  detectionPattern: string;

  @Column({ type: 'varchar', length: 200 })
  requiredTool: string;

  @Column({ type: 'text' })
  errorInjection: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
