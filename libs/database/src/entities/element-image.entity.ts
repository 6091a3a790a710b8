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

/** Example / required-document images of an element. Only `active` ones are sent to customers. */
@Entity('element_images')
@Index('ix_element_images_element_type', ['elementId', 'imageType'])
@Check(
  'ck_element_images_type',
  `"image_type" IN ('example', 'required_document', 'warning', 'step', 'calculation')`,
)
@Check('ck_element_images_status', `"status" IN ('active', 'placeholder', 'unavailable')`)
export class ElementImageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  elementId: string;

  @ManyToOne(() => ElementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'element_id', foreignKeyConstraintName: 'fk_element_images_element' })
  element?: ElementEntity;

  @Column({ type: 'varchar', length: 500 })
  imageUrl: string;

  @Column({ type: 'varchar', length: 50, default: 'example' })
  imageType: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: false })
  isRequired: boolean;

  @Column({ type: 'varchar', length: 20, default: 'placeholder' })
  status: string;

  @Column({ type: 'timestamptz', nullable: true })
  validatedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  userInstruction: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
