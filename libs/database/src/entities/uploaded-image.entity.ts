import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Images uploaded by staff (catalogue examples); the file lives in the `images` storage area. */
@Entity('uploaded_images')
@Index('ix_uploaded_images_created_at', ['createdAt'])
export class UploadedImageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Sanitised client file name, for display only. */
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** `<uuid>.<ext>`: the storage key and public URL segment. */
  @Index('uq_uploaded_images_stored_filename', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  storedFilename: string;

  @Column({ type: 'varchar', length: 100 })
  mimeType: string;

  @Column({ type: 'integer' })
  fileSize: number;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Index('ix_uploaded_images_category')
  @Column({ type: 'varchar', length: 50, nullable: true })
  category: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** Username of the uploader; kept when the admin user is deleted. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
