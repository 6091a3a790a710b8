import { IMAGE_STEPS } from '../contract';
import { isCompletionPhrase } from '../understanding';
import { parseAgentState } from './state';

/**
 * Where the photos of a turn must be reconciled with Chatwoot first: the customer says they
 * are done ("listo") in a photo step, so a photo whose webhook never arrived must be found
 * before the step is decided. null when the turn needs nothing of the kind.
 */
export const photoReconcileTarget = (
  state: unknown,
  texts: readonly (string | null)[],
): { caseId: string; elementCode: string | null } | null => {
  const parsed = parseAgentState(state);
  if (!IMAGE_STEPS.includes(parsed.step) || !parsed.imageTarget) return null;
  return texts.some((text) => text !== null && isCompletionPhrase(text))
    ? parsed.imageTarget
    : null;
};
