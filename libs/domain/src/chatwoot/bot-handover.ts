import { CaseStatus } from '../cases/case-status';
import { DeliveryStep } from '../streams/chatwoot-contracts';
import { stripMarkdownForWhatsApp } from '../text/markdown';

/** Chatwoot labels that mark who holds a conversation. */
export const ConversationLabel = {
  /** A human took over after an escalation. */
  ESCALATED: 'escalado',
  /** A case is being processed by staff. */
  CASE: 'expediente',
} as const;

/** Chatwoot conversation attribute (boolean) that tells the webhook whether the bot answers. */
export const BOT_ATTRIBUTE = 'atencion_automatica';

/** What the customer is told when staff hand the conversation back to the assistant. */
export const BotMessages = {
  CASE_RESOLVED:
    'Tu expediente ha sido procesado. El asistente automático está nuevamente disponible. ' +
    '¿En qué más puedo ayudarte?',
  ESCALATION_RESOLVED:
    'Tu consulta ha sido atendida por nuestro equipo. El asistente automático está ' +
    'nuevamente disponible. ¿En qué más puedo ayudarte?',
} as const;

/** Staff take the conversation: the bot goes silent (the webhook drops its messages). */
export function botPauseSteps(privateNote: string): DeliveryStep[] {
  return [
    { kind: 'set_attributes', attributes: { [BOT_ATTRIBUTE]: false } },
    { kind: 'private_note', content: privateNote },
  ];
}

/**
 * The bot answers again. The attribute goes first, so a customer answering the notification
 * already reaches the assistant; then the optional customer message, the label removal and a
 * private note for the agents.
 */
export function botResumeSteps(options: {
  customerMessage: string | null;
  removeLabels: string[];
  privateNote: string;
}): DeliveryStep[] {
  const steps: DeliveryStep[] = [{ kind: 'set_attributes', attributes: { [BOT_ATTRIBUTE]: true } }];
  if (options.customerMessage) steps.push({ kind: 'text', content: options.customerMessage });
  if (options.removeLabels.length > 0) {
    steps.push({ kind: 'remove_labels', labels: options.removeLabels });
  }
  steps.push({ kind: 'private_note', content: options.privateNote });
  return steps;
}

/** The bot state the steps leave the conversation in (last `atencion_automatica` write), if any. */
export function botStateAfter(steps: readonly DeliveryStep[]): boolean | null {
  let state: boolean | null = null;
  for (const step of steps) {
    if (step.kind !== 'set_attributes') continue;
    const value = step.attributes[BOT_ATTRIBUTE];
    if (typeof value === 'boolean') state = value;
  }
  return state;
}

/** Chatwoot steps of a hand-over, with the reason recorded with them. */
export interface Handover {
  reason: string;
  steps: DeliveryStep[];
}

/**
 * What a case status change does in Chatwoot, or null when the bot's state does not change.
 * Taking a case (in_progress) silences the bot and labels the conversation; resolving it, or
 * moving it back out of in_progress, gives the conversation back to the bot (removing the
 * escalation label as well when the change resolved the conversation's open escalations).
 */
export function caseStatusHandover(change: {
  from: CaseStatus;
  to: CaseStatus;
  actorName: string;
  escalationsResolved: boolean;
}): Handover | null {
  const { from, to, actorName } = change;
  if (to === 'in_progress') {
    return {
      reason: 'case_taken',
      steps: [
        ...botPauseSteps(
          `EXPEDIENTE EN TRAMITACIÓN\n---\nTomado por: ${actorName}\n` +
            'El asistente automático queda desactivado en esta conversación.',
        ),
        { kind: 'add_labels', labels: [ConversationLabel.CASE] },
      ],
    };
  }
  const removeLabels: string[] = [ConversationLabel.CASE];
  if (change.escalationsResolved) removeLabels.push(ConversationLabel.ESCALATED);
  if (to === 'resolved') {
    return {
      reason: 'case_resolved',
      steps: botResumeSteps({
        customerMessage: BotMessages.CASE_RESOLVED,
        removeLabels,
        privateNote:
          `EXPEDIENTE RESUELTO\n---\nResuelto por: ${actorName}\n` +
          'El bot ha sido reactivado para esta conversación.',
      }),
    };
  }
  if (from === 'in_progress') {
    return {
      reason: 'case_released',
      steps: botResumeSteps({
        customerMessage: null,
        removeLabels,
        privateNote:
          `EXPEDIENTE DEVUELTO A "${to}"\n---\nPor: ${actorName}\n` +
          'El bot ha sido reactivado para esta conversación.',
      }),
    };
  }
  return null;
}

/**
 * The assistant is switched off (panic button) and a customer writes: the bot goes silent,
 * the customer gets the configured message, the conversation is labelled as escalated with a
 * note for the agents, and is unassigned from the team when one is configured.
 */
export function panicHandoverSteps(options: {
  customerMessage: string;
  customerName: string;
  escalationId: string;
  unassignTeam: boolean;
}): DeliveryStep[] {
  const steps: DeliveryStep[] = [
    { kind: 'set_attributes', attributes: { [BOT_ATTRIBUTE]: false } },
    { kind: 'text', content: stripMarkdownForWhatsApp(options.customerMessage) },
    { kind: 'add_labels', labels: [ConversationLabel.ESCALATED] },
    {
      kind: 'private_note',
      content:
        `ESCALACIÓN POR BOTÓN DE PÁNICO: el asistente automático está desactivado ` +
        `(agent_enabled=false). Cliente: ${options.customerName}. Atiende esta conversación ` +
        `manualmente. Escalación ${options.escalationId}.`,
    },
  ];
  if (options.unassignTeam) steps.push({ kind: 'assign_team', team_id: null });
  return steps;
}
