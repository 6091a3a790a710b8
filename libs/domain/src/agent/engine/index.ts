export { decideTurn } from './decide-turn';
export { parseAgentState, freshState } from './state';
export type { AgentState, CaseProgress, QuoteState } from './state';
export { TRANSITIONS, canTransition } from './transitions';
export { photoReconcileTarget } from './reconcile';
export {
  interpretationSignature,
  interpretationAgrees,
  toolOfOperation,
  toolsOfOperations,
} from './interpretation';
