import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regulatory documents and their retrieval index, all inside PostgreSQL (no external vector
 * store to drift from the rows): `document_chunks` carries a Spanish full-text vector (GIN), an
 * unaccented headings-and-opening text for trigram similarity (GiST, k-nearest-neighbour), the numbered points of each chunk (GIN)
 * and an optional embedding (`real[]`, compared in the api process). `rag_lexicon` holds the
 * indexed words for typo correction. `rag_queries` / `query_citations` log every console
 * question with its timings and cited passages. pg_trgm and unaccent are trusted extensions:
 * the database owner may create them; `down` leaves them installed.
 */
export class RegulatoryDocuments1796400000000 implements MigrationInterface {
  name = 'RegulatoryDocuments1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`
      CREATE TABLE "regulatory_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(500) NOT NULL, "document_type" character varying(100) NOT NULL, "document_number" character varying(100), "filename" character varying(255) NOT NULL, "stored_filename" character varying(255) NOT NULL, "file_size" integer NOT NULL, "file_hash" character varying(64) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "processing_progress" integer NOT NULL DEFAULT '0', "error_message" text, "total_pages" integer, "total_chunks" integer, "extraction_method" character varying(50), "description" text, "tags" jsonb, "section_mappings" jsonb, "publication_date" date, "version" integer NOT NULL DEFAULT '1', "supersedes_id" uuid, "is_active" boolean NOT NULL DEFAULT true, "activated_at" TIMESTAMP WITH TIME ZONE, "deactivated_at" TIMESTAMP WITH TIME ZONE, "uploaded_by" character varying(100), "processing_run_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "indexed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bf4af2139479d8a593905adb118" PRIMARY KEY ("id"))
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_regulatory_documents_document_type" ON "regulatory_documents" ("document_type")
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_regulatory_documents_stored_filename" ON "regulatory_documents" ("stored_filename")
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_regulatory_documents_file_hash" ON "regulatory_documents" ("file_hash")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_regulatory_documents_created_at" ON "regulatory_documents" ("created_at")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_regulatory_documents_status_active" ON "regulatory_documents" ("status", "is_active")
    `);
    await queryRunner.query(`
      CREATE TABLE "document_chunks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "chunk_index" integer NOT NULL, "content" text NOT NULL, "content_hash" character varying(64) NOT NULL, "page_numbers" jsonb NOT NULL, "section_title" character varying(500), "article_number" character varying(50), "heading_hierarchy" jsonb, "point_numbers" text array NOT NULL DEFAULT '{}', "char_count" integer NOT NULL, "token_count" integer, "chunk_type" character varying(50) NOT NULL DEFAULT 'content', "metadata" jsonb, "search_text" text NOT NULL, "search_vector" tsvector NOT NULL, "embedding" real array, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f9060084e9b872dbb567193978" PRIMARY KEY ("id"))
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_document_chunks_article_number" ON "document_chunks" ("article_number")
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_document_chunks_document_index" ON "document_chunks" ("document_id", "chunk_index")
    `);
    await queryRunner.query(`
      CREATE TABLE "rag_queries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "query_text" text NOT NULL, "query_hash" character varying(64) NOT NULL, "user_id" uuid, "conversation_id" character varying(100), "embedding_ms" integer, "retrieval_ms" integer, "rerank_ms" integer, "llm_ms" integer, "total_ms" integer NOT NULL, "num_results_retrieved" integer NOT NULL, "num_results_reranked" integer NOT NULL, "num_results_used" integer NOT NULL, "reranker_used" character varying(50), "response_generated" boolean NOT NULL DEFAULT false, "llm_model" character varying(100), "answer" text, "cache_hit" boolean NOT NULL DEFAULT false, "cache_key" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_44c351a70e83ea0651a18bea3a5" PRIMARY KEY ("id"))
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_rag_queries_query_hash" ON "rag_queries" ("query_hash")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_rag_queries_created_at" ON "rag_queries" ("created_at")
    `);
    await queryRunner.query(`
      CREATE TABLE "query_citations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "query_id" uuid NOT NULL, "document_id" uuid NOT NULL, "chunk_id" uuid NOT NULL, "rank" integer NOT NULL, "similarity_score" double precision NOT NULL, "rerank_score" double precision NOT NULL, "used_in_context" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f94a70347bad91e520382949d9e" PRIMARY KEY ("id"))
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_query_citations_chunk" ON "query_citations" ("chunk_id")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_query_citations_document" ON "query_citations" ("document_id")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_query_citations_query_rank" ON "query_citations" ("query_id", "rank")
    `);
    await queryRunner.query(`
      CREATE TABLE "rag_lexicon" ("word" character varying(64) NOT NULL, CONSTRAINT "PK_c55c3157c579acdb38a9df40591" PRIMARY KEY ("word"))
    `);
    await queryRunner.query(`
      ALTER TABLE "regulatory_documents" ADD CONSTRAINT "fk_regulatory_documents_supersedes" FOREIGN KEY ("supersedes_id") REFERENCES "regulatory_documents"("id") ON DELETE SET NULL ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "document_chunks" ADD CONSTRAINT "fk_document_chunks_document" FOREIGN KEY ("document_id") REFERENCES "regulatory_documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "rag_queries" ADD CONSTRAINT "fk_rag_queries_user" FOREIGN KEY ("user_id") REFERENCES "admin_users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "query_citations" ADD CONSTRAINT "fk_query_citations_query" FOREIGN KEY ("query_id") REFERENCES "rag_queries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "query_citations" ADD CONSTRAINT "fk_query_citations_document" FOREIGN KEY ("document_id") REFERENCES "regulatory_documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
      ALTER TABLE "query_citations" ADD CONSTRAINT "fk_query_citations_chunk" FOREIGN KEY ("chunk_id") REFERENCES "document_chunks"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);

    // Full text and point numbers (GIN), trigram nearest neighbours (GiST), beyond @Index.
    await queryRunner.query(`
      CREATE INDEX "ix_document_chunks_search_vector" ON "document_chunks" USING gin ("search_vector")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_document_chunks_search_text_trgm" ON "document_chunks" USING gist ("search_text" gist_trgm_ops)
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_document_chunks_point_numbers" ON "document_chunks" USING gin ("point_numbers")
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_rag_lexicon_word_trgm" ON "rag_lexicon" USING gin ("word" gin_trgm_ops)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "query_citations"`);
    await queryRunner.query(`DROP TABLE "rag_queries"`);
    await queryRunner.query(`DROP TABLE "rag_lexicon"`);
    await queryRunner.query(`DROP TABLE "document_chunks"`);
    await queryRunner.query(`DROP TABLE "regulatory_documents"`);
  }
}
