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

/** Data collected per element in a case, with typed validation and conditional visibility. */
@Entity('element_required_fields')
@Index('uq_element_required_fields_key', ['elementId', 'fieldKey'], { unique: true })
@Index('ix_element_required_fields_active', ['elementId', 'isActive'])
@Check('ck_element_required_fields_type', `"field_type" IN ('text', 'number', 'boolean', 'select')`)
@Check(
  'ck_element_required_fields_operator',
  `"condition_operator" IS NULL OR "condition_operator" IN ('equals', 'not_equals', 'exists', 'not_exists')`,
)
@Check(
  'ck_element_required_fields_not_self',
  `"condition_field_id" IS NULL OR "condition_field_id" <> "id"`,
)
export class ElementRequiredFieldEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  elementId: string;

  @ManyToOne(() => ElementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'element_id',
    foreignKeyConstraintName: 'fk_element_required_fields_element',
  })
  element?: ElementEntity;

  @Column({ type: 'varchar', length: 50 })
  fieldKey: string;

  @Column({ type: 'varchar', length: 200 })
  fieldLabel: string;

  @Column({ type: 'varchar', length: 20, default: 'text' })
  fieldType: string;

  @Column({ type: 'jsonb', nullable: true })
  options: string[] | null;

  @Column({ type: 'boolean', default: true })
  isRequired: boolean;

  /** `{min|min_value, max|max_value, min_length, max_length, pattern, pattern_description, example}`. */
  @Column({ type: 'jsonb', nullable: true })
  validationRules: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  exampleValue: string | null;

  @Column({ type: 'text', nullable: true })
  llmInstruction: string | null;

  @Column({ type: 'uuid', nullable: true })
  conditionFieldId: string | null;

  @ManyToOne(() => ElementRequiredFieldEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'condition_field_id',
    foreignKeyConstraintName: 'fk_element_required_fields_condition',
  })
  conditionField?: ElementRequiredFieldEntity | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  conditionOperator: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  conditionValue: string | null;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
