import { createHash } from 'node:crypto';

/**
 * Errors are grouped by what they are, not by the values in them: the same failure for two
 * conversations, ids or amounts is one group.
 */
export const normaliseErrorMessage = (message: string): string =>
  message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\beyJ[A-Za-z0-9_.-]+/g, '<token>')
    // Hex ids (hashes, object ids): letters and digits mixed, 8 or more.
    .replace(/\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\d+(?:[.,:-]\d+)*/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);

/** The first `at …` line of a stack, without line and column numbers (they move on deploys). */
export const firstStackFrame = (stack: string | null | undefined): string => {
  if (!stack) return '';
  const frame = stack
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at '));
  return frame ? frame.replace(/:\d+(?::\d+)?\)?$/, '').replace(/\($/, '') : '';
};

/** Identity of an error group: service + normalised message + first stack frame. */
export const errorFingerprint = (
  service: string,
  message: string,
  stack: string | null | undefined,
): string =>
  createHash('sha256')
    .update(`${service}\n${normaliseErrorMessage(message)}\n${firstStackFrame(stack)}`)
    .digest('hex');
