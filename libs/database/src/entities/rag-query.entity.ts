import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AdminUserEntity } from './admin-user.entity';
import { DocumentChunkEntity } from './document-chunk.entity';
import { RegulatoryDocumentEntity } from './regulatory-document.entity';

/** One RAG question from the console, with per-stage timings; cache hits are logged too. */
@Entity('rag_queries')
@Index('ix_rag_queries_created_at', ['createdAt'])
export class RagQueryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  queryText: string;

  @Index('ix_rag_queries_query_hash')
  @Column({ type: 'varchar', length: 64 })
  queryHash: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => AdminUserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_rag_queries_user' })
  user?: AdminUserEntity;

  @Column({ type: 'varchar', length: 100, nullable: true })
  conversationId: string | null;

  @Column({ type: 'integer', nullable: true })
  embeddingMs: number | null;

  @Column({ type: 'integer', nullable: true })
  retrievalMs: number | null;

  @Column({ type: 'integer', nullable: true })
  rerankMs: number | null;

  @Column({ type: 'integer', nullable: true })
  llmMs: number | null;

  @Column({ type: 'integer' })
  totalMs: number;

  @Column({ type: 'integer' })
  numResultsRetrieved: number;

  @Column({ type: 'integer' })
  numResultsReranked: number;

  @Column({ type: 'integer' })
  numResultsUsed: number;

  /** How candidates were ordered: `rrf` (fusion only); no cross-encoder runs here. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  rerankerUsed: string | null;

  @Column({ type: 'boolean', default: false })
  responseGenerated: boolean;

  /** The model that wrote the answer; null for extractive answers. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  llmModel: string | null;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'boolean', default: false })
  cacheHit: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cacheKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A passage cited by a RAG answer, in rank order. */
@Entity('query_citations')
@Index('ix_query_citations_query_rank', ['queryId', 'rank'])
@Index('ix_query_citations_document', ['documentId'])
@Index('ix_query_citations_chunk', ['chunkId'])
export class QueryCitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  queryId: string;

  @ManyToOne(() => RagQueryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'query_id', foreignKeyConstraintName: 'fk_query_citations_query' })
  query?: RagQueryEntity;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => RegulatoryDocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_query_citations_document' })
  document?: RegulatoryDocumentEntity;

  @Column({ type: 'uuid' })
  chunkId: string;

  @ManyToOne(() => DocumentChunkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chunk_id', foreignKeyConstraintName: 'fk_query_citations_chunk' })
  chunk?: DocumentChunkEntity;

  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'double precision' })
  similarityScore: number;

  @Column({ type: 'double precision' })
  rerankScore: number;

  @Column({ type: 'boolean', default: false })
  usedInContext: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Distinct unaccented words of the indexed chunks: typo correction of query words (trigrams). */
@Entity('rag_lexicon')
@Index('ix_rag_lexicon_word_trgm', { synchronize: false })
export class RagLexiconEntity {
  @Column({ type: 'varchar', length: 64, primary: true })
  word: string;
}
