import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RegulatoryDocumentEntity } from '@app/database';
import {
  ChunkDraft,
  chunkPages,
  contentWords,
  DocumentProcessingRequestedV1,
  embedTexts,
  foldForSearch,
  MessageType,
  StreamEnvelope,
} from '@app/domain';
import { ObjectStorage } from '@app/storage';
import { liveEvent, LiveEventPublisher, LiveEventType } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';
import { HandlerContext, StreamHandler, StreamHandlerFor } from '../streams/stream-handler';
import { DocumentRejectedError, PdfTextExtractor } from '../documents/pdf-text-extractor';

const EXTRACTION_METHOD = 'pdfjs';
const EMBEDDING_BATCH = 64;
const INSERT_BATCH = 200;
/** Characters of a chunk's content kept in its trigram text, after the headings. */
const SEARCH_TEXT_OPENING = 240;

/** Progress milestones (0–100) shown in the console while a document is processed. */
const PROGRESS = { started: 5, extracted: 60, chunked: 70, embedded: 90 } as const;

const isUuid = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * Processes one regulatory document: reads the stored PDF, extracts text per page off the event
 * loop, chunks it along its headings and numbered points, embeds the chunks when an embeddings
 * endpoint is configured, then in ONE transaction replaces the document's chunks (with their
 * full-text vectors and trigram text), adds new words to the lexicon and marks the row
 * `indexed`. Until that commit nothing of the run is searchable. A file that can never be
 * indexed ends `failed` with a readable message (acknowledged, not retried); other errors are
 * retried by the consumer, and the last attempt marks the row failed before dead-lettering.
 * Requests carry the row's `processing_run_id`: one superseded by a reprocess (or a deleted
 * document) writes nothing.
 */
@Injectable()
@StreamHandlerFor(MessageType.DOCUMENT_PROCESSING_REQUESTED)
export class DocumentProcessingHandler implements StreamHandler<DocumentProcessingRequestedV1> {
  private readonly logger = new Logger(DocumentProcessingHandler.name);
  private readonly extractor: PdfTextExtractor;

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly config: WorkerConfig,
    private readonly liveEvents: LiveEventPublisher,
  ) {
    this.extractor = new PdfTextExtractor(config.documents.extraction);
  }

  public async handle(
    envelope: StreamEnvelope<DocumentProcessingRequestedV1>,
    context: HandlerContext,
  ): Promise<void> {
    const { document_id: documentId, run_id: runId } = envelope.payload;
    if (!isUuid(documentId) || !isUuid(runId)) {
      this.logger.warn({ envelope_id: envelope.id }, 'document request without valid ids');
      return;
    }
    const row = await this.dataSource
      .getRepository(RegulatoryDocumentEntity)
      .findOneBy({ id: documentId });
    if (!row || row.processingRunId !== runId) return; // deleted or superseded
    if (row.status === 'indexed' || row.status === 'failed') return; // already finished
    try {
      await this.process(row, runId);
    } catch (error) {
      if (error instanceof DocumentRejectedError) {
        await this.fail(documentId, runId, error.message);
        this.logger.warn({ document_id: documentId, reason: error.message }, 'document rejected');
        return;
      }
      if (context.attempt >= context.maxAttempts) {
        await this.fail(
          documentId,
          runId,
          `Error interno al procesar el documento: ${(error as Error).message}`.slice(0, 1000),
        ).catch(() => undefined);
      }
      throw error;
    }
  }

  private async process(row: RegulatoryDocumentEntity, runId: string): Promise<void> {
    const started = Date.now();
    await this.update(row.id, runId, {
      status: 'processing',
      processingProgress: PROGRESS.started,
      errorMessage: null,
    });
    const data = await this.readFile(row.storedFilename);
    let lastReported = 0;
    const extraction = await this.extractor.extract(data, (done, total) => {
      const progress = Math.round(
        PROGRESS.started + ((PROGRESS.extracted - PROGRESS.started) * done) / total,
      );
      if (progress - lastReported < 5 && done < total) return;
      lastReported = progress;
      void this.update(row.id, runId, { processingProgress: progress }).catch(() => undefined);
    });
    const chunks = chunkPages(extraction.pages, this.config.documents.chunking);
    if (chunks.length === 0) {
      throw new DocumentRejectedError(
        'El PDF no contiene texto extraíble (¿páginas escaneadas sin OCR?)',
      );
    }
    await this.update(row.id, runId, { processingProgress: PROGRESS.chunked });
    const embeddings = await this.embed(chunks);
    if (embeddings) await this.update(row.id, runId, { processingProgress: PROGRESS.embedded });
    const committed = await this.commit(row, runId, extraction.totalPages, chunks, embeddings);
    if (committed) {
      await this.refreshStatistics();
      await this.announce(row.id, 'indexed', 100);
      this.logger.log(
        {
          document_id: row.id,
          pages: extraction.totalPages,
          chunks: chunks.length,
          duration_ms: Date.now() - started,
        },
        'document indexed',
      );
    }
  }

  /**
   * Fresh planner statistics for the tables retrieval reads, right after they changed: without
   * them the planner assumes almost no chunks per document until autovacuum gets round to it,
   * and picks plans that scan every chunk once per active document. A failure only costs speed.
   */
  private async refreshStatistics(): Promise<void> {
    try {
      await this.dataSource.query(`ANALYZE "document_chunks", "rag_lexicon"`);
    } catch (error) {
      this.logger.warn(
        `ANALYZE after indexing failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async readFile(storedFilename: string): Promise<Buffer> {
    const file = await this.storage.get('documents', storedFilename);
    if (!file) throw new DocumentRejectedError('El archivo del documento no está en el almacén');
    const parts: Buffer[] = [];
    for await (const part of file.stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  private async embed(chunks: ChunkDraft[]): Promise<number[][] | null> {
    const endpoint = this.config.embeddings;
    if (!endpoint) return null;
    const vectors: number[][] = [];
    for (let start = 0; start < chunks.length; start += EMBEDDING_BATCH) {
      const batch = chunks.slice(start, start + EMBEDDING_BATCH);
      const texts = batch.map((chunk) =>
        [chunk.section_title ?? '', chunk.content].join('\n').slice(0, 8000),
      );
      vectors.push(...(await embedTexts(fetch, endpoint, texts)));
    }
    return vectors;
  }

  /** Replaces the chunks and marks the row indexed, only if this run is still the current one. */
  private commit(
    row: RegulatoryDocumentEntity,
    runId: string,
    totalPages: number,
    chunks: ChunkDraft[],
    embeddings: number[][] | null,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(RegulatoryDocumentEntity, {
        where: { id: row.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.processingRunId !== runId || current.status !== 'processing') {
        return false;
      }
      await manager.query(`DELETE FROM "document_chunks" WHERE "document_id" = $1`, [row.id]);
      for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
        const records = chunks.slice(start, start + INSERT_BATCH).map((chunk, offset) => {
          const headings = chunk.heading_hierarchy.join('\n');
          return {
            chunk_index: chunk.chunk_index,
            content: chunk.content,
            content_hash: createHash('sha256').update(chunk.content).digest('hex'),
            page_numbers: chunk.page_numbers,
            section_title: chunk.section_title,
            article_number: chunk.article_number,
            heading_hierarchy: chunk.heading_hierarchy,
            point_numbers: chunk.point_numbers,
            char_count: chunk.char_count,
            chunk_type: chunk.chunk_type,
            headings: [headings, chunk.article_number ?? ''].join('\n'),
            // Headings and opening only: short texts keep trigram similarity cheap and on topic.
            search_text: foldForSearch(
              `${headings}\n${chunk.content.slice(0, SEARCH_TEXT_OPENING)}`,
            ),
            embedding: embeddings ? embeddings[start + offset] : null,
          };
        });
        await manager.query(
          `INSERT INTO "document_chunks" (
             "document_id", "chunk_index", "content", "content_hash", "page_numbers",
             "section_title", "article_number", "heading_hierarchy", "point_numbers",
             "char_count", "chunk_type", "search_text", "search_vector", "embedding")
           SELECT $1, r.chunk_index, r.content, r.content_hash, r.page_numbers,
             r.section_title, r.article_number, r.heading_hierarchy, r.point_numbers,
             r.char_count, r.chunk_type, r.search_text,
             setweight(to_tsvector('spanish', unaccent(r.headings)), 'A') ||
               setweight(to_tsvector('spanish', unaccent(r.content)), 'B'),
             r.embedding
           FROM jsonb_to_recordset($2::jsonb) AS r(
             chunk_index int, content text, content_hash text, page_numbers jsonb,
             section_title text, article_number text, heading_hierarchy jsonb,
             point_numbers text[], char_count int, chunk_type text, headings text,
             search_text text, embedding real[])`,
          [row.id, JSON.stringify(records)],
        );
      }
      const words = new Set<string>();
      for (const chunk of chunks) {
        for (const word of contentWords(`${chunk.section_title ?? ''} ${chunk.content}`)) {
          if (word.length >= 4 && word.length <= 64) words.add(word);
        }
      }
      if (words.size > 0) {
        await manager.query(
          `INSERT INTO "rag_lexicon" ("word") SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
          [[...words]],
        );
      }
      const sectionMappings: Record<string, string> = {};
      for (const chunk of chunks) {
        if (
          chunk.article_number &&
          chunk.section_title &&
          !(chunk.article_number in sectionMappings)
        ) {
          sectionMappings[chunk.article_number] = chunk.section_title;
        }
      }
      await manager.update(RegulatoryDocumentEntity, row.id, {
        status: 'indexed',
        processingProgress: 100,
        errorMessage: null,
        totalPages,
        totalChunks: chunks.length,
        extractionMethod: EXTRACTION_METHOD,
        sectionMappings,
        indexedAt: () => 'now()',
      });
      return true;
    });
  }

  /** Marks the run failed, dropping any chunks (nothing of a failed document stays searchable). */
  private async fail(documentId: string, runId: string, message: string): Promise<void> {
    const failed = await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(RegulatoryDocumentEntity, {
        where: { id: documentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.processingRunId !== runId) return null;
      await manager.query(`DELETE FROM "document_chunks" WHERE "document_id" = $1`, [documentId]);
      await manager.update(RegulatoryDocumentEntity, documentId, {
        status: 'failed',
        errorMessage: message.slice(0, 1000),
        totalChunks: 0,
      });
      return current.processingProgress;
    });
    if (failed !== null) await this.announce(documentId, 'failed', failed);
  }

  /** Tells connected staff clients how the document's processing goes (best effort). */
  private async announce(documentId: string, status: string, progress: number): Promise<void> {
    await this.liveEvents.publish(
      liveEvent(LiveEventType.DOCUMENT_PROGRESS, { document_id: documentId, status, progress }),
    );
  }

  private async update(
    documentId: string,
    runId: string,
    changes: Partial<
      Pick<RegulatoryDocumentEntity, 'status' | 'processingProgress' | 'errorMessage'>
    >,
  ): Promise<void> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(RegulatoryDocumentEntity)
      .set(changes)
      .where('id = :documentId AND processing_run_id = :runId', { documentId, runId })
      // Never after the run finished (a late progress write must not undo `indexed`).
      .andWhere(`status IN ('pending', 'processing')`)
      .returning(['status', 'processingProgress'])
      .execute();
    const row = (result.raw as { status: string; processing_progress: number }[])[0];
    if (row) await this.announce(documentId, row.status, row.processing_progress);
  }
}
