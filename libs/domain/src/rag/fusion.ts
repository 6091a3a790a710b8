/** One ranked list of candidate ids (best first) from one retriever. */
export interface RankedList {
  name: string;
  ids: readonly string[];
  /** Multiplies this list's contributions (default 1). */
  weight?: number;
}

export interface FusedResult {
  id: string;
  score: number;
  /** 1-based rank of the id in each list that returned it. */
  ranks: Record<string, number>;
}

/** The customary RRF constant: damps the difference between the first few ranks. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list adds weight / (k + rank) for every id it returned. Ids found
 * by several retrievers rise above ids found by one; ties keep the order of first appearance.
 */
export function reciprocalRankFusion(
  lists: readonly RankedList[],
  k: number = RRF_K,
): FusedResult[] {
  const fused = new Map<string, FusedResult & { first: number }>();
  let order = 0;
  for (const list of lists) {
    const weight = list.weight ?? 1;
    list.ids.forEach((id, index) => {
      let entry = fused.get(id);
      if (!entry) {
        entry = { id, score: 0, ranks: {}, first: order++ };
        fused.set(id, entry);
      }
      if (entry.ranks[list.name] !== undefined) return; // a list names an id once
      entry.ranks[list.name] = index + 1;
      entry.score += weight / (k + index + 1);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .map(({ id, score, ranks }) => ({ id, score, ranks }));
}

/** Cosine similarity of two vectors of the same length; 0 when either is all zeros. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const length = Math.min(a.length, b.length);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
