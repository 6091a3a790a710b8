import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { RegulatoryDocumentEntity } from './regulatory-document.entity';

/**
 * One retrievable passage of a regulatory document. `search_vector` (Spanish full text over the
 * unaccented headings, weight A, and content, weight B) and `search_text` (unaccented lower-case
 * headings and opening of the content, for trigram similarity) are written with the row by the worker, in the same transaction
 * that marks the document indexed. `embedding` is filled only when an embeddings endpoint is
 * configured; similarity is computed in the process.
 */
@Entity('document_chunks')
@Index('uq_document_chunks_document_index', ['documentId', 'chunkIndex'], { unique: true })
// GIN indexes (migration RegulatoryDocuments), beyond @Index: full text and point numbers.
@Index('ix_document_chunks_search_vector', { synchronize: false })
@Index('ix_document_chunks_point_numbers', { synchronize: false })
export class DocumentChunkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => RegulatoryDocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_document_chunks_document' })
  document?: RegulatoryDocumentEntity;

  @Column({ type: 'integer' })
  chunkIndex: number;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'jsonb' })
  pageNumbers: number[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  sectionTitle: string | null;

  @Index('ix_document_chunks_article_number')
  @Column({ type: 'varchar', length: 50, nullable: true })
  articleNumber: string | null;

  @Column({ type: 'jsonb', nullable: true })
  headingHierarchy: string[] | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  pointNumbers: string[];

  @Column({ type: 'integer' })
  charCount: number;

  @Column({ type: 'integer', nullable: true })
  tokenCount: number | null;

  @Column({ type: 'varchar', length: 50, default: 'content' })
  chunkType: string;

  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;

  @Column({ type: 'text', select: false })
  searchText: string;

  @Column({ type: 'tsvector', select: false })
  searchVector: string;

  @Column({ type: 'real', array: true, nullable: true, select: false })
  embedding: number[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
