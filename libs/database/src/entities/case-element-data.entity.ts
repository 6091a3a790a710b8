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
import { CaseElementStatus } from '@app/domain';
import { CaseEntity } from './case.entity';
import { JsonValue } from './json';

/** Per-element collection progress of a case: photos, then the element's required fields. */
@Entity('case_element_data')
@Check('ck_case_element_data_status', `"status" IN ('pending_photos', 'pending_data', 'completed')`)
@Index('uq_case_element_data_case_element', ['caseId', 'elementCode'], { unique: true })
@Index('ix_case_element_data_case_status', ['caseId', 'status'])
export class CaseElementDataEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_element_data_case' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 50 })
  elementCode: string;

  @Column({ type: 'varchar', length: 30, default: 'pending_photos' })
  status: CaseElementStatus;

  /** `{field_key: value}` as collected (merged on admin edits). */
  @Column({ type: 'jsonb', default: {} })
  fieldValues: Record<string, JsonValue>;

  @Column({ type: 'timestamptz', nullable: true })
  photosCompletedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dataCompletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
