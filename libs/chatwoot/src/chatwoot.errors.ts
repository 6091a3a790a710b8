/**
 * A Chatwoot call that failed. `retryable` says whether trying again later can help (timeouts,
 * connection errors, 408/429/5xx) or not (other 4xx: wrong id, bad payload, bad token).
 * Errors are always thrown, never swallowed or turned into a `false` result.
 */
export class ChatwootApiError extends Error {
  public constructor(
    message: string,
    public readonly status: number | null,
    public readonly retryable: boolean,
    public readonly method: string,
    public readonly path: string,
    /** True when the request may have reached Chatwoot (a write could have happened). */
    public readonly maybeDelivered: boolean,
  ) {
    super(message);
    this.name = 'ChatwootApiError';
  }
}

export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;
