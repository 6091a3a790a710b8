import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Caps the "fast update" pending list of the retrieval GIN indexes (chunk full text, chunk point
 * numbers, lexicon trigrams) at 256 kB instead of the server's 4 MB. The pending list is an
 * unsorted heap every search reads from start to end until a vacuum or an overflowing insert
 * merges it: right after an ingest it held every chunk (5,862 tuples, 352 pages), so each
 * full-text lookup read all of it (356 buffers, ≈ 3 ms, against 9 buffers merged) and the
 * planner, costing that, preferred scanning the table. Capped, inserts still append and merge
 * in bulk (about as fast as before; indexing every row directly, `fastupdate = off`, measured
 * ≈ 1 s more per 5,000 chunks) and a search reads at most ~32 pending pages (≈ 0.4 ms), however
 * long ago autovacuum ran. Lists already pending are merged here.
 */
export class RagGinPendingListLimit1796440000000 implements MigrationInterface {
  name = 'RagGinPendingListLimit1796440000000';

  private static readonly INDEXES = [
    'ix_document_chunks_search_vector',
    'ix_document_chunks_point_numbers',
    'ix_rag_lexicon_word_trgm',
  ];

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of RagGinPendingListLimit1796440000000.INDEXES) {
      await queryRunner.query(`ALTER INDEX "${index}" SET (gin_pending_list_limit = 256)`);
      await queryRunner.query(`SELECT gin_clean_pending_list('"${index}"'::regclass)`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of RagGinPendingListLimit1796440000000.INDEXES) {
      await queryRunner.query(`ALTER INDEX "${index}" RESET (gin_pending_list_limit)`);
    }
  }
}
