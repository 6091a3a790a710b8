import { AgentStep } from '../contract';

/**
 * The only step changes the engine may make (staying put is always listed). Every case step
 * can fall back to idle (cancellation), the summary can open any editable section (a reform's
 * photos included) and each returns to it, and idle
 * can open a case directly when a quote declined earlier is accepted later.
 */
export const TRANSITIONS: Readonly<Record<AgentStep, readonly AgentStep[]>> = {
  idle: ['idle', 'quoting', 'offer_made', 'collect_element_data'],
  quoting: ['quoting', 'idle', 'offer_made'],
  offer_made: ['offer_made', 'idle', 'quoting', 'collect_element_data'],
  collect_element_data: ['collect_element_data', 'collect_base_docs', 'review_summary', 'idle'],
  collect_base_docs: ['collect_base_docs', 'collect_personal', 'review_summary', 'idle'],
  collect_personal: ['collect_personal', 'collect_vehicle', 'review_summary', 'idle'],
  collect_vehicle: ['collect_vehicle', 'collect_workshop', 'review_summary', 'idle'],
  collect_workshop: ['collect_workshop', 'review_summary', 'idle'],
  review_summary: [
    'review_summary',
    'collect_element_data',
    'collect_base_docs',
    'collect_personal',
    'collect_vehicle',
    'collect_workshop',
    'pending_review',
    'idle',
  ],
  pending_review: ['pending_review', 'idle'],
};

export const canTransition = (from: AgentStep, to: AgentStep): boolean =>
  TRANSITIONS[from].includes(to);

/** Thrown when a handler computes a step change outside TRANSITIONS (caught by the entry point). */
export class TransitionError extends Error {
  public constructor(
    public readonly from: AgentStep,
    public readonly to: AgentStep,
  ) {
    super(`transition ${from} → ${to} is not allowed`);
  }
}
