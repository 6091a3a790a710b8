import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * A customer photo of a case. The file lives in the storage area `case-images` under
 * `stored_filename` and is only ever handed out through signed URLs or authenticated downloads
 * (customer documents are never public).
 * `chatwoot_attachment_id` is unique when present, so re-ingesting a Chatwoot message (webhook
 * duplicate, reconciler) cannot store the same photo twice.
 */
@Entity('case_images')
@Index('ix_case_images_case_created', ['caseId', 'createdAt'])
@Index('uq_case_images_chatwoot_attachment_id', ['chatwootAttachmentId'], {
  unique: true,
  where: '"chatwoot_attachment_id" IS NOT NULL',
})
export class CaseImageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_images_case' })
  case?: CaseEntity;

  /** `<uuid>.<ext>`: the storage key. */
  @Index('uq_case_images_stored_filename', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  storedFilename: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  originalFilename: string | null;

  @Column({ type: 'varchar', length: 100, default: 'image/jpeg' })
  mimeType: string;

  @Column({ type: 'integer', nullable: true })
  fileSize: number | null;

  /** e.g. `case_1a2b3c4d_image_3`; the download name is `<display_name>.<ext>`. */
  @Column({ type: 'varchar', length: 255 })
  displayName: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** NULL = base documentation (ficha técnica, permiso…), else the element it shows. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  elementCode: string | null;

  @Column({ type: 'varchar', length: 50, default: 'documentation' })
  imageType: string;

  @Index('ix_case_images_chatwoot_message_id')
  @Column({ type: 'integer', nullable: true })
  chatwootMessageId: number | null;

  @Column({ type: 'integer', nullable: true })
  chatwootAttachmentId: number | null;

  /** NULL = not reviewed yet. */
  @Column({ type: 'boolean', nullable: true })
  isValid: boolean | null;

  @Column({ type: 'text', nullable: true })
  validationNotes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
