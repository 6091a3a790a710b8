import { Injectable } from '@nestjs/common';
import { AgentReply, ChatwootMessageReceivedV1, ClientType } from '@app/domain';

export interface AgentTurn {
  conversationId: string;
  conversationHistoryId: string;
  chatwootMessageId: number;
  isFirstMessage: boolean;
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
    clientType: ClientType;
  };
  message: ChatwootMessageReceivedV1;
}

/**
 * The customer-facing agent behind a port: the incoming handler stores the message, then asks
 * the agent for a reply and delivers it through the outgoing stream. Returning null means
 * "nothing to say". The LLM agent comes in a later issue; it must be idempotent per message
 * (the handler calls it again if the process died before the reply was stored).
 */
export abstract class AgentPort {
  public abstract respond(turn: AgentTurn): Promise<AgentReply | null>;
}

/** Until the conversational agent exists, nobody replies except the panic-button flow. */
@Injectable()
export class NoopAgent extends AgentPort {
  public respond(): Promise<AgentReply | null> {
    return Promise.resolve(null);
  }
}
