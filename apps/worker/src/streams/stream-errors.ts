import { QueryFailedError } from 'typeorm';
import { ChatwootApiError } from '@app/chatwoot';
import { DomainError, InvalidEnvelopeError } from '@app/domain';
import { PermanentError } from './stream-handler';

/** One line for logs and dead letters, bounded. */
export const describeError = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);

/** Errors that no retry can fix go to the dead-letter stream at once. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentError || error instanceof InvalidEnvelopeError) return true;
  if (error instanceof ChatwootApiError) return !error.retryable;
  if (error instanceof DomainError) return ['invalid', 'unprocessable'].includes(error.kind);
  if (error instanceof QueryFailedError) {
    // Class 22 = data exception (bad encoding, value too long…): the same data fails again.
    const code = (error.driverError as { code?: string } | undefined)?.code ?? '';
    return code.startsWith('22');
  }
  return false;
}
