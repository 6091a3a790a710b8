import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiConfig } from '../config/api.config';
import {
  cosineSimilarity,
  editDistance,
  embedTexts,
  QueryAnalysis,
  reciprocalRankFusion,
  RankedList,
} from '@app/domain';

/** Candidates each retriever contributes to the fusion. */
const CANDIDATES = 30;
/** Trigram thresholds: word similarity of the query to a chunk, similarity of a typo to a word. */
const WORD_SIMILARITY_THRESHOLD = 0.3;
const TYPO_SIMILARITY_THRESHOLD = 0.35;
/**
 * Below that similarity a lexicon word still corrects a query word of at least this length
 * one edit away ("cruse" → "cruce" is 0.33: one letter changes three of a short word's trigrams).
 */
const ONE_EDIT_MIN_LENGTH = 5;
/** Lexicon neighbours looked at per query word (those `%` finds: trigram similarity ≥ 0.3). */
const NEIGHBOURS = 5;
/**
 * Chunks whose trigram word similarity is computed (≈ 50 µs each on a loaded machine): those
 * sharing most words, or near spellings of them, with the query. Scoring every chunk, or
 * walking the GiST index nearest first, costs 200–400 ms at 5,000 chunks when nothing is near.
 */
const TRIGRAM_POOL = 200;
/** All-words matches below this many also take any-word matches. */
const FTS_ENOUGH = 10;
/** Below this many, any-word matches and trigram neighbours are looked up too. */
const FTS_FEW = 3;
/** A passage named by its point number outranks one that only shares words. */
const POINTS_WEIGHT = 2;

export interface RetrievedPassage {
  chunk_id: string;
  document_id: string;
  document_title: string;
  document_number: string | null;
  article_number: string | null;
  section_title: string | null;
  page_numbers: number[];
  content: string;
  /** Fused score normalised to 0–1 (1 = first in every list). */
  similarity_score: number;
  /** Fused score relative to the best passage (1 for the first). */
  rerank_score: number;
  ranks: Record<string, number>;
}

export interface RetrievalResult {
  passages: RetrievedPassage[];
  candidates: number;
  embeddingMs: number;
  retrievalMs: number;
  fusionMs: number;
}

interface DenseCache {
  version: string;
  ids: string[];
  vectors: Float32Array[];
}

const ACTIVE = `d.is_active AND d.status = 'indexed'`;

/**
 * Hybrid retrieval over active, indexed documents, all in PostgreSQL: Spanish full text
 * (unaccented, stemmed; query words corrected against the lexicon by trigram similarity;
 * exact phrase matches first), trigram word similarity of the whole query (typos, partial
 * words), numbered points and articles named in the query, and, when an embeddings endpoint is
 * configured, cosine similarity of the chunk vectors computed in this process. The lists are
 * fused with reciprocal rank fusion.
 */
@Injectable()
export class RagRetrievalService {
  private readonly logger = new Logger(RagRetrievalService.name);
  private dense: DenseCache | null = null;

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  /** Changes whenever the answerable corpus changes (index, activation, deletion). */
  public async corpusVersion(): Promise<string> {
    const [row] = await this.dataSource.query<{ version: string }[]>(
      `SELECT COUNT(*) || ':' || COALESCE(MAX(EXTRACT(EPOCH FROM updated_at))::text, '0') AS version
       FROM regulatory_documents d WHERE ${ACTIVE}`,
    );
    return row?.version ?? '0';
  }

  public async retrieve(analysis: QueryAnalysis, topK: number): Promise<RetrievalResult> {
    const started = Date.now();
    const embeddingStarted = Date.now();
    const queryVector = await this.embedQuery(analysis.text);
    const embeddingMs = queryVector ? Date.now() - embeddingStarted : 0;
    const retrievalStarted = Date.now();
    const [active, { corrections, neighbours, unresolved }] = await Promise.all([
      this.activeDocuments(),
      this.correctWords(analysis.words),
    ]);
    const groups = wordGroups(analysis.words, corrections);
    const named = analysis.points.length + analysis.articles.length > 0;
    const [fts, points, dense] = await Promise.all([
      // A question naming a point is answered by the points list; words only refine it.
      this.fullText(groups, analysis.folded, !named, active),
      this.points(analysis, active),
      queryVector ? this.denseSearch(queryVector) : Promise.resolve([]),
    ]);
    // Trigram neighbours of the question's headings and openings: for questions the full text
    // barely matched, and for words the lexicon could not correct unless the full text already
    // found enough passages with the other words (every indexed word is in the lexicon, so an
    // uncorrectable word is in no passage).
    const trigram =
      !(named && points.length > 0) &&
      (fts.length < FTS_FEW || (unresolved > 0 && fts.length < FTS_ENOUGH))
        ? await this.trigram(analysis.folded, [...groups, ...neighbours], active)
        : [];
    const retrievalMs = Date.now() - retrievalStarted;
    const fusionStarted = Date.now();
    const lists: RankedList[] = [
      { name: 'points', ids: points, weight: POINTS_WEIGHT },
      { name: 'fts', ids: fts },
      { name: 'trigram', ids: trigram },
      { name: 'dense', ids: dense },
    ];
    const fused = reciprocalRankFusion(lists);
    const top = fused.slice(0, topK);
    const details = await this.load(top.map((result) => result.id));
    const maxPossible = lists
      .filter((list) => list.ids.length > 0)
      .reduce((sum, list) => sum + (list.weight ?? 1) / 61, 0);
    const best = top[0]?.score ?? 1;
    const passages = top.flatMap((result) => {
      const detail = details.get(result.id);
      if (!detail) return [];
      return [
        {
          ...detail,
          similarity_score: round4(maxPossible > 0 ? result.score / maxPossible : 0),
          rerank_score: round4(result.score / best),
          ranks: result.ranks,
        },
      ];
    });
    this.logger.debug({ ms: Date.now() - started, candidates: fused.length }, 'rag retrieval');
    return {
      passages,
      candidates: fused.length,
      embeddingMs,
      retrievalMs,
      fusionMs: Date.now() - fusionStarted,
    };
  }

  /**
   * Ids of the documents that answer (active and indexed), looked up once per question: the
   * chunk queries filter on them instead of joining, so their plans (one index scan of the
   * chunks) do not depend on the documents table's statistics — with none yet, a join ran one
   * chunk-index scan per document.
   */
  private async activeDocuments(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT d.id FROM regulatory_documents d WHERE ${ACTIVE}`,
    );
    return rows.map((row) => row.id);
  }

  /**
   * Query words missing from the indexed vocabulary → their closest indexed words (trigram
   * similarity, or one edit away for words long enough); `neighbours` are the lexicon words
   * near the missing ones that were not close enough to stand in for them, and `unresolved`
   * counts the missing words nothing close was found for.
   */
  private async correctWords(words: string[]): Promise<{
    corrections: Map<string, string[]>;
    neighbours: string[];
    unresolved: number;
  }> {
    const candidates = words.filter((word) => word.length >= 4 && word.length <= 64);
    const corrections = new Map<string, string[]>();
    const neighbours: string[] = [];
    if (candidates.length === 0) return { corrections, neighbours, unresolved: 0 };
    // `%` keeps this on the lexicon's trigram index; the exact-word probe uses its primary key.
    const rows = await this.dataSource.query<
      { input: string; word: string | null; similarity: number | null }[]
    >(
      `SELECT q.word AS input, best.word, best.similarity
       FROM unnest($1::text[]) AS q(word)
       LEFT JOIN LATERAL (
         SELECT l.word, similarity(l.word, q.word) AS similarity FROM rag_lexicon l
         WHERE l.word % q.word
         ORDER BY similarity(l.word, q.word) DESC, l.word
         LIMIT ${NEIGHBOURS}
       ) best ON true
       WHERE NOT EXISTS (SELECT 1 FROM rag_lexicon e WHERE e.word = q.word)`,
      [candidates],
    );
    const missing = new Set<string>();
    for (const row of rows) {
      missing.add(row.input);
      if (row.word === null) continue;
      const close =
        (row.similarity ?? 0) >= TYPO_SIMILARITY_THRESHOLD ||
        (row.input.length >= ONE_EDIT_MIN_LENGTH && editDistance(row.input, row.word, 1) <= 1);
      const chosen = corrections.get(row.input) ?? [];
      if (close && chosen.length < 2) corrections.set(row.input, [...chosen, row.word]);
      else neighbours.push(row.word);
    }
    const unresolved = [...missing].filter((word) => !corrections.has(word)).length;
    return { corrections, neighbours: [...new Set(neighbours)], unresolved };
  }

  /**
   * Every query word (or one of its corrections) first; when that finds too little, any of
   * them, ranked by weighted frequency. Exact phrase matches come first either way.
   */
  private async fullText(
    groups: string[],
    phrase: string,
    anyWordFallback: boolean,
    active: string[],
  ): Promise<string[]> {
    if (groups.length === 0 || active.length === 0) return [];
    // All words; else all but one, all but two (cheap: few chunks match); only when these find
    // almost nothing, any word (which ranks many chunks).
    const tiers = [groups.join(' & ')];
    for (const drop of [1, 2]) {
      if (groups.length >= drop + 2) {
        tiers.push(
          subsets(groups.length, groups.length - drop)
            .map((indexes) => `(${indexes.map((i) => groups[i]).join(' & ')})`)
            .join(' | '),
        );
      }
    }
    const found: string[] = [];
    for (const tsquery of tiers) {
      for (const id of await this.rankFullText(tsquery, phrase, active)) {
        if (!found.includes(id)) found.push(id);
      }
      if (found.length >= FTS_ENOUGH) return found.slice(0, CANDIDATES);
    }
    if (anyWordFallback && found.length < FTS_FEW && groups.length >= 2) {
      for (const id of await this.rankFullText(groups.join(' | '), phrase, active)) {
        if (!found.includes(id)) found.push(id);
      }
    }
    return found.slice(0, CANDIDATES);
  }

  /**
   * `tsquery` holds folded words and `phrase` is folded: without `unaccent` (a stable function)
   * the planner folds both queries to constants, instead of parsing them again for every
   * matching row in the filter and in the ranking.
   */
  private async rankFullText(tsquery: string, phrase: string, active: string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH q AS (
         SELECT to_tsquery('spanish', $1) AS words, phraseto_tsquery('spanish', $2) AS phrase
       )
       SELECT c.id
       FROM document_chunks c, q
       WHERE c.document_id = ANY($3::uuid[]) AND c.search_vector @@ q.words
       ORDER BY (numnode(q.phrase) > 0 AND c.search_vector @@ q.phrase) DESC,
                ts_rank(c.search_vector, q.words) DESC, c.id
       LIMIT ${CANDIDATES}`,
      [tsquery, phrase, active],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Chunks most similar to the query by trigram word similarity, scored only over a pool: the
   * active chunks sharing most words with the query, its corrections or their lexicon
   * neighbours (full-text index), so the cost does not grow with the corpus. `scored` is
   * materialised so each similarity is computed once, not again for the sort.
   */
  private async trigram(folded: string, groups: string[], active: string[]): Promise<string[]> {
    const text = folded.replace(/[^a-z0-9ñ. ]+/g, ' ').trim();
    const words = [...new Set(groups)].filter((group) => /^[()a-z0-9 |]+$/.test(group));
    if (text.length < 3 || words.length === 0 || active.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH pool AS MATERIALIZED (
         SELECT c.id, c.search_text
         FROM document_chunks c
         WHERE c.document_id = ANY($4::uuid[]) AND c.search_vector @@ to_tsquery('spanish', $2)
         ORDER BY ts_rank(c.search_vector, to_tsquery('spanish', $2)) DESC, c.id
         LIMIT ${TRIGRAM_POOL}
       ), scored AS MATERIALIZED (
         SELECT p.id, word_similarity($1, p.search_text) AS similarity FROM pool p
       )
       SELECT s.id FROM scored s
       WHERE s.similarity >= $3
       ORDER BY s.similarity DESC, s.id
       LIMIT ${CANDIDATES}`,
      [text, words.join(' | '), WORD_SIMILARITY_THRESHOLD, active],
    );
    return rows.map((row) => row.id);
  }

  /** Chunks whose own point or article is named in the query first, then those mentioning it. */
  private async points(analysis: QueryAnalysis, active: string[]): Promise<string[]> {
    const named = [...analysis.points, ...analysis.articles];
    if (named.length === 0 || active.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT c.id
       FROM document_chunks c
       WHERE c.document_id = ANY($2::uuid[])
         AND (c.article_number = ANY($1::text[]) OR c.point_numbers && $1::text[])
       ORDER BY (c.article_number = ANY($1::text[])) DESC, c.chunk_index, c.id
       LIMIT ${CANDIDATES}`,
      [named, active],
    );
    return rows.map((row) => row.id);
  }

  private async embedQuery(text: string): Promise<number[] | null> {
    const endpoint = this.config.embeddings;
    if (!endpoint) return null;
    try {
      const [vector] = await embedTexts(fetch, endpoint, [text]);
      return vector;
    } catch (error) {
      // Dense retrieval is an extra: the lexical lists still answer.
      this.logger.warn({ err: (error as Error).message }, 'query embedding failed');
      return null;
    }
  }

  /** Active chunk vectors are kept in memory and reloaded when the corpus changes. */
  private async denseSearch(query: number[]): Promise<string[]> {
    const version = await this.corpusVersion();
    if (this.dense?.version !== version) {
      const rows = await this.dataSource.query<{ id: string; embedding: number[] }[]>(
        `SELECT c.id, c.embedding FROM document_chunks c
         JOIN regulatory_documents d ON d.id = c.document_id
         WHERE ${ACTIVE} AND c.embedding IS NOT NULL`,
      );
      this.dense = {
        version,
        ids: rows.map((row) => row.id),
        vectors: rows.map((row) => Float32Array.from(row.embedding)),
      };
    }
    const { ids, vectors } = this.dense;
    return vectors
      .map((vector, index) => ({ id: ids[index], score: cosineSimilarity(query, vector) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, CANDIDATES)
      .map((entry) => entry.id);
  }

  private async load(
    ids: string[],
  ): Promise<Map<string, Omit<RetrievedPassage, 'similarity_score' | 'rerank_score' | 'ranks'>>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<
      Omit<RetrievedPassage, 'similarity_score' | 'rerank_score' | 'ranks'>[]
    >(
      `SELECT c.id AS chunk_id, c.document_id, d.title AS document_title,
              d.document_number, c.article_number, c.section_title, c.page_numbers, c.content
       FROM document_chunks c JOIN regulatory_documents d ON d.id = c.document_id
       WHERE c.id = ANY($1::uuid[]) AND ${ACTIVE}`,
      [ids],
    );
    return new Map(rows.map((row) => [row.chunk_id, row]));
  }
}

/**
 * One full-text alternative per query word: the word or its corrections, `(word | correction)`.
 * Query words are folded already (letters and digits only), so no `unaccent` is needed.
 */
function wordGroups(words: string[], corrections: Map<string, string[]>): string[] {
  return words
    .map((word) => [word, ...(corrections.get(word) ?? [])].filter((w) => /^[a-z0-9]+$/.test(w)))
    .filter((group) => group.length > 0)
    .map((group) => `(${group.join(' | ')})`);
}

/** Index sets of `size` out of `0..n-1` (n is a handful of query words; capped at 20). */
function subsets(n: number, size: number): number[][] {
  const result: number[][] = [];
  const walk = (start: number, chosen: number[]): void => {
    if (result.length >= 20) return;
    if (chosen.length === size) {
      result.push(chosen);
      return;
    }
    for (let i = start; i < n; i++) walk(i + 1, [...chosen, i]);
  };
  walk(0, []);
  return result;
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;
