import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RagQueryEntity } from '@app/database';
import {
  analyseQuery,
  buildExtractiveAnswer,
  buildGroundedPrompt,
  formatCitation,
  NOT_IN_DOCUMENTS,
  notFound,
} from '@app/domain';
import { RedisService } from '@app/redis';
import { ApiConfig } from '../config/api.config';
import {
  ListRagQueriesQueryDto,
  RagAnalyticsDto,
  RagCacheClearDto,
  RagCitationDto,
  RagHealthDto,
  RagQueryDetailDto,
  RagQueryHistoryDto,
  RagQueryListDto,
  RagQueryRequestDto,
  RagQueryResponseDto,
} from './rag.dto';
import { RagLlmClient } from './rag-llm.client';
import { RagRetrievalService, RetrievedPassage } from './rag-retrieval.service';
import { pagedListEnvelope } from '../common/http/list-envelope';

export const RAG_CACHE_PREFIX = 'rag:query:';
const RERANKER = 'rrf';

/** Hooks of the streaming variant: retrieval results go out before the answer is written. */
export interface RagQueryHooks {
  onRetrieval?(
    citations: RagCitationDto[],
    timings: { embedding_ms: number; retrieval_ms: number },
  ): void;
}

interface CachedAnswer {
  answer: string;
  answer_mode: 'llm' | 'extractive';
  llm_model: string | null;
  citations: RagCitationDto[];
  used: number[];
}

const toCitation = (passage: RetrievedPassage): RagCitationDto => ({
  document_id: passage.document_id,
  document_title: passage.document_title,
  document_number: passage.document_number,
  chunk_id: passage.chunk_id,
  article_number: passage.article_number,
  section_title: passage.section_title,
  page_numbers: passage.page_numbers,
  similarity_score: passage.similarity_score,
  rerank_score: passage.rerank_score,
  content_preview: passage.content.slice(0, 300),
  citation: formatCitation(passage),
});

const toHistory = (row: RagQueryEntity): RagQueryHistoryDto => ({
  id: row.id,
  query_text: row.queryText,
  user_id: row.userId,
  conversation_id: row.conversationId,
  embedding_ms: row.embeddingMs,
  retrieval_ms: row.retrievalMs,
  rerank_ms: row.rerankMs,
  llm_ms: row.llmMs,
  total_ms: row.totalMs,
  num_results_retrieved: row.numResultsRetrieved,
  num_results_reranked: row.numResultsReranked,
  num_results_used: row.numResultsUsed,
  reranker_used: row.rerankerUsed,
  response_generated: row.responseGenerated,
  cache_hit: row.cacheHit,
  llm_model: row.llmModel,
  created_at: row.createdAt.toISOString(),
});

/**
 * Questions over the regulatory documents: retrieval (see RagRetrievalService), then an answer
 * grounded in the passages — by the configured LLM with `[Documento, punto X]` citations, or,
 * without one (or when it fails), extractively from the passages' best sentences. Answers are
 * cached in Redis per corpus version (any indexing, activation or deletion changes the key),
 * and every question, cache hits included, is logged with its timings and citations.
 */
@Injectable()
export class RagService {
  private readonly logger = new Logger(RagService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retrieval: RagRetrievalService,
    private readonly llm: RagLlmClient,
    private readonly redis: RedisService,
    private readonly config: ApiConfig,
  ) {}

  public async query(
    dto: RagQueryRequestDto,
    actor: { id: string },
    hooks: RagQueryHooks = {},
  ): Promise<RagQueryResponseDto> {
    const started = Date.now();
    const analysis = analyseQuery(dto.query);
    const queryHash = sha256(analysis.folded);
    const topK = this.config.rag.topK;
    const version = await this.retrieval.corpusVersion();
    const cacheKey = `${RAG_CACHE_PREFIX}${sha256(`${version}\n${topK}\n${analysis.folded}`)}`;
    const cached = await this.readCache(cacheKey);
    if (cached) {
      hooks.onRetrieval?.(cached.citations, { embedding_ms: 0, retrieval_ms: 0 });
      const performance = {
        embedding_ms: 0,
        retrieval_ms: 0,
        rerank_ms: 0,
        llm_ms: 0,
        total_ms: Date.now() - started,
        cache_hit: true,
      };
      const queryId = await this.log(dto, actor, queryHash, cacheKey, performance, cached, 0);
      return {
        query_id: queryId,
        answer: cached.answer,
        citations: cached.citations,
        performance,
        answer_mode: cached.answer_mode,
      };
    }

    const retrieved = await this.retrieval.retrieve(analysis, topK);
    const citations = retrieved.passages.map(toCitation);
    hooks.onRetrieval?.(citations, {
      embedding_ms: retrieved.embeddingMs,
      retrieval_ms: retrieved.retrievalMs,
    });

    const llmStarted = Date.now();
    let result: CachedAnswer | null = null;
    let llmMs = 0;
    if (this.config.rag.llm && retrieved.passages.length > 0) {
      try {
        const answer = await this.llm.complete(
          buildGroundedPrompt(analysis.text, retrieved.passages),
        );
        if (answer) {
          result = {
            answer: answer.text,
            answer_mode: 'llm',
            llm_model: answer.model,
            citations,
            used: citations.map((_, index) => index),
          };
        }
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'RAG LLM failed; extractive answer');
      }
      llmMs = Date.now() - llmStarted;
    }
    if (!result) {
      const extractive = buildExtractiveAnswer(analysis.text, retrieved.passages);
      result = {
        answer: extractive.answer,
        answer_mode: 'extractive',
        llm_model: null,
        citations,
        used: extractive.used,
      };
    }
    const performance = {
      embedding_ms: retrieved.embeddingMs,
      retrieval_ms: retrieved.retrievalMs,
      rerank_ms: retrieved.fusionMs,
      llm_ms: llmMs,
      total_ms: Date.now() - started,
      cache_hit: false,
    };
    const queryId = await this.log(
      dto,
      actor,
      queryHash,
      cacheKey,
      performance,
      result,
      retrieved.candidates,
    );
    await this.writeCache(cacheKey, result);
    return {
      query_id: queryId,
      answer: result.answer,
      citations,
      performance,
      answer_mode: result.answer_mode,
    };
  }

  public async list(query: ListRagQueriesQueryDto): Promise<RagQueryListDto> {
    const [rows, total] = await this.dataSource.getRepository(RagQueryEntity).findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return pagedListEnvelope(rows, total, query, toHistory);
  }

  public async get(id: string): Promise<RagQueryDetailDto> {
    const row = await this.dataSource.getRepository(RagQueryEntity).findOneBy({ id });
    if (!row) throw notFound('Consulta', id);
    const citations = await this.dataSource.query<
      (Omit<RagCitationDto, 'citation'> & { rank: number; used_in_context: boolean })[]
    >(
      `SELECT q.rank, q.used_in_context, q.similarity_score, q.rerank_score,
              c.id AS chunk_id, c.document_id, d.title AS document_title, d.document_number,
              c.article_number, c.section_title, c.page_numbers,
              left(c.content, 300) AS content_preview
       FROM query_citations q
       JOIN document_chunks c ON c.id = q.chunk_id
       JOIN regulatory_documents d ON d.id = q.document_id
       WHERE q.query_id = $1 ORDER BY q.rank`,
      [id],
    );
    return {
      ...toHistory(row),
      answer: row.answer,
      citations: citations.map((citation) => ({
        ...citation,
        citation: formatCitation({ ...citation, content: '' }),
      })),
    };
  }

  public async analytics(): Promise<RagAnalyticsDto> {
    const [row] = await this.dataSource.query<Record<string, string | null>[]>(`
      SELECT COUNT(*)::int AS total,
             COUNT(*) FILTER (WHERE created_at >= now() - interval '24 hours')::int AS last_24h,
             COUNT(*) FILTER (WHERE cache_hit)::int AS hits,
             AVG(retrieval_ms) FILTER (WHERE NOT cache_hit) AS retrieval,
             AVG(rerank_ms) FILTER (WHERE NOT cache_hit) AS rerank,
             AVG(llm_ms) FILTER (WHERE NOT cache_hit) AS llm,
             AVG(total_ms) FILTER (WHERE NOT cache_hit) AS total_ms
      FROM rag_queries`);
    const total = Number(row?.total ?? 0);
    const avg = (value: string | null | undefined): number =>
      Math.round(Number(value ?? 0) * 10) / 10;
    return {
      total_queries: total,
      queries_last_24h: Number(row?.last_24h ?? 0),
      cache_hit_rate: total > 0 ? Math.round((Number(row?.hits ?? 0) / total) * 1000) / 10 : 0,
      avg_performance_ms: {
        retrieval: avg(row?.retrieval),
        rerank: avg(row?.rerank),
        llm: avg(row?.llm),
        total: avg(row?.total_ms),
      },
    };
  }

  /** Deletes every cached answer (`rag:query:*`) of this deployment's key prefix. */
  public async clearCache(): Promise<RagCacheClearDto> {
    const prefix = this.redis.keyPrefix;
    let cursor = '0';
    let cleared = 0;
    do {
      const [next, keys] = await this.redis.client.scan(
        cursor,
        'MATCH',
        `${escapeGlob(prefix)}${RAG_CACHE_PREFIX}*`,
        'COUNT',
        500,
      );
      cursor = next;
      if (keys.length > 0) {
        // SCAN returns full names; commands add the prefix again, so strip it.
        cleared += await this.redis.client.del(...keys.map((key) => key.slice(prefix.length)));
      }
    } while (cursor !== '0');
    return { message: 'Caché de consultas vaciada', entries_cleared: cleared };
  }

  /** 200 with what is configured; `degraded` (503) only when PostgreSQL is unreachable. */
  public async health(): Promise<{ ok: boolean; body: RagHealthDto }> {
    let database = false;
    let activeDocuments = 0;
    let activeChunks = 0;
    try {
      const [row] = await this.dataSource.query<{ docs: number; chunks: number }[]>(`
        SELECT (SELECT COUNT(*) FROM regulatory_documents WHERE is_active AND status = 'indexed')::int AS docs,
               (SELECT COUNT(*) FROM document_chunks c JOIN regulatory_documents d ON d.id = c.document_id
                WHERE d.is_active AND d.status = 'indexed')::int AS chunks`);
      database = true;
      activeDocuments = Number(row?.docs ?? 0);
      activeChunks = Number(row?.chunks ?? 0);
    } catch {
      database = false;
    }
    const cache = await this.redis.ping().catch(() => false);
    return {
      ok: database,
      body: {
        status: database ? 'healthy' : 'degraded',
        components: {
          database,
          qdrant: database,
          embedding_service: this.config.embeddings !== null,
          reranker: true,
          llm: this.config.rag.llm !== null,
          cache,
        },
        answer_mode: this.config.rag.llm ? 'llm' : 'extractive',
        active_documents: activeDocuments,
        active_chunks: activeChunks,
      },
    };
  }

  private async log(
    dto: RagQueryRequestDto,
    actor: { id: string },
    queryHash: string,
    cacheKey: string,
    performance: RagQueryResponseDto['performance'],
    result: CachedAnswer,
    candidates: number,
  ): Promise<string> {
    const used = new Set(result.used);
    const citations = result.citations.map((citation, index) => ({
      chunk_id: citation.chunk_id,
      document_id: citation.document_id,
      rank: index + 1,
      similarity_score: citation.similarity_score,
      rerank_score: citation.rerank_score,
      used_in_context: used.has(index),
    }));
    // One statement (one round trip, its own transaction) instead of five: the question, then
    // its citations. A cached answer may cite chunks reprocessed away since: the join keeps
    // those that still exist.
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `WITH query AS (
         INSERT INTO rag_queries (
           query_text, query_hash, user_id, conversation_id, embedding_ms, retrieval_ms,
           rerank_ms, llm_ms, total_ms, num_results_retrieved, num_results_reranked,
           num_results_used, reranker_used, response_generated, llm_model, answer, cache_hit,
           cache_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id
       ), cited AS (
         INSERT INTO query_citations (
           query_id, document_id, chunk_id, rank, similarity_score, rerank_score, used_in_context)
         SELECT query.id, r.document_id, r.chunk_id, r.rank, r.similarity_score, r.rerank_score,
                r.used_in_context
         FROM query
         CROSS JOIN jsonb_to_recordset($19::jsonb) AS r(
           chunk_id uuid, document_id uuid, rank int, similarity_score float8,
           rerank_score float8, used_in_context boolean)
         JOIN document_chunks c ON c.id = r.chunk_id
       )
       SELECT id FROM query`,
      [
        dto.query,
        queryHash,
        actor.id,
        dto.conversation_id ?? null,
        performance.embedding_ms,
        performance.retrieval_ms,
        performance.rerank_ms,
        result.answer_mode === 'llm' ? performance.llm_ms : null,
        performance.total_ms,
        candidates,
        result.citations.length,
        result.answer === NOT_IN_DOCUMENTS ? 0 : result.used.length,
        RERANKER,
        result.answer_mode === 'llm',
        result.llm_model,
        result.answer,
        performance.cache_hit,
        cacheKey.slice(0, 100),
        JSON.stringify(citations),
      ],
    );
    return row.id;
  }

  private async readCache(key: string): Promise<CachedAnswer | null> {
    if (this.config.rag.cacheTtlSeconds === 0) return null;
    try {
      const raw = await this.redis.client.get(key);
      return raw ? (JSON.parse(raw) as CachedAnswer) : null;
    } catch {
      return null; // the cache is an optimisation: a Redis hiccup means a fresh answer
    }
  }

  private async writeCache(key: string, value: CachedAnswer): Promise<void> {
    if (this.config.rag.cacheTtlSeconds === 0) return;
    await this.redis.client
      .set(key, JSON.stringify(value), 'EX', this.config.rag.cacheTtlSeconds)
      .catch(() => undefined);
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const escapeGlob = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');
