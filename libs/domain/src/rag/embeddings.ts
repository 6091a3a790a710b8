/** The subset of `fetch` the embeddings call needs (the caller passes the global one). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface EmbeddingsEndpoint {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeoutMs: number;
}

/** The endpoint failed or answered something that is not an embeddings list. */
export class EmbeddingsError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'EmbeddingsError';
  }
}

/**
 * Embeds texts with an OpenAI-compatible `POST <base>/embeddings` call; vectors come back in
 * input order (the response's `index` says which is which).
 */
export async function embedTexts(
  fetchImpl: FetchLike,
  endpoint: EmbeddingsEndpoint,
  texts: readonly string[],
): Promise<number[][]> {
  if (texts.length === 0) return [];
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchImpl(`${endpoint.baseUrl}/embeddings`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: endpoint.model, input: texts }),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
  } catch (error) {
    throw new EmbeddingsError(`embeddings endpoint unreachable: ${(error as Error).message}`);
  }
  if (!response.ok) throw new EmbeddingsError(`embeddings endpoint answered ${response.status}`);
  const body = (await response.json().catch(() => null)) as {
    data?: { index?: number; embedding?: unknown }[];
  } | null;
  const data = body?.data;
  if (!Array.isArray(data) || data.length !== texts.length) {
    throw new EmbeddingsError('embeddings response has no vector per input');
  }
  const vectors: number[][] = new Array<number[]>(texts.length);
  data.forEach((item, position) => {
    const index = typeof item.index === 'number' ? item.index : position;
    if (
      !Array.isArray(item.embedding) ||
      !item.embedding.every((value) => typeof value === 'number')
    ) {
      throw new EmbeddingsError('embeddings response holds a malformed vector');
    }
    vectors[index] = item.embedding;
  });
  if (vectors.some((vector) => vector === undefined)) {
    throw new EmbeddingsError('embeddings response skips an input');
  }
  return vectors;
}
