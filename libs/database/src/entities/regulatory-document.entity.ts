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

export const REGULATORY_DOCUMENT_STATUSES = ['pending', 'processing', 'indexed', 'failed'] as const;
export type RegulatoryDocumentStatus = (typeof REGULATORY_DOCUMENT_STATUSES)[number];

/**
 * A regulatory PDF (regulation, directive, order…) searched by the admin console's RAG. The file
 * lives in the storage area `documents`; its chunks, full-text and trigram index live in
 * `document_chunks`, so activation, reprocessing and deletion are one transaction each.
 * `processing_run_id` names the current processing request: a stale one (superseded by a
 * reprocess) finds another id and writes nothing.
 */
@Entity('regulatory_documents')
@Index('ix_regulatory_documents_status_active', ['status', 'isActive'])
@Index('ix_regulatory_documents_created_at', ['createdAt'])
export class RegulatoryDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Index('ix_regulatory_documents_document_type')
  @Column({ type: 'varchar', length: 100 })
  documentType: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  /** Client file name, for display only. */
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Index('uq_regulatory_documents_stored_filename', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  storedFilename: string;

  @Column({ type: 'integer' })
  fileSize: number;

  /** SHA-256 of the file: the same PDF cannot be uploaded twice. */
  @Index('uq_regulatory_documents_file_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  fileHash: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: RegulatoryDocumentStatus;

  @Column({ type: 'integer', default: 0 })
  processingProgress: number;

  @Column({ type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ type: 'integer', nullable: true })
  totalPages: number | null;

  @Column({ type: 'integer', nullable: true })
  totalChunks: number | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  extractionMethod: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'jsonb', nullable: true })
  tags: string[] | null;

  /** Numbered point → its heading, from the chunking (`{"6.2": "6.2 Luces de cruce"}`). */
  @Column({ type: 'jsonb', nullable: true })
  sectionMappings: Record<string, string> | null;

  @Column({ type: 'date', nullable: true })
  publicationDate: string | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  supersedesId: string | null;

  @ManyToOne(() => RegulatoryDocumentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'supersedes_id',
    foreignKeyConstraintName: 'fk_regulatory_documents_supersedes',
  })
  supersedes?: RegulatoryDocumentEntity;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  uploadedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  processingRunId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  indexedAt: Date | null;
}
