import { DeliveryStep } from '../streams/chatwoot-contracts';

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
