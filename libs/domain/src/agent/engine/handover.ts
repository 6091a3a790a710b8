import { AgentEffect } from '../contract';
import { TurnContext } from './context';

type EscalateEffect = Extract<AgentEffect, { kind: 'escalate' }>;

/** Lines of the customer's recent messages that go with an escalation. */
export const TRANSCRIPT_LINES = 6;

/**
 * Hands the conversation to staff: one escalation, the hand-over flag set, and the reply
 * reduced to the hand-over sentence (the engine stays silent until staff close it).
 */
export const escalate = (
  ctx: TurnContext,
  reason: string,
  source: EscalateEffect['source'],
  priority: EscalateEffect['priority'] = 'normal',
): void => {
  if (ctx.escalated) return;
  ctx.effect({
    kind: 'escalate',
    reason,
    source,
    priority,
    transcript: ctx.state.memory.slice(-TRANSCRIPT_LINES),
  });
  ctx.state.handedOver = true;
  ctx.escalated = true;
  ctx.op('escalate', { reason, source, priority });
};
