import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CustomerEntity } from '@app/database';
import { ChatwootMessageReceivedV1, messageReceivedEnvelope, StreamName } from '@app/domain';
import { OutboxService } from '@app/streams';
import { WorkerConfig } from '../config/worker.config';
import { Burst, BurstCollector } from '../conversation/burst-collector.service';
import { ConversationIngestService } from '../conversation/conversation-ingest.service';
import {
  ConversationTurnService,
  TurnRequest,
} from '../conversation/engine/conversation-turn.service';
import { AgentSettingsService } from '../settings/agent-settings.service';
import { HandlerContext } from '../streams/stream-handler';
import { IncomingMessageHandler } from './incoming-message.handler';

const message = (id: number, conversationId = '77'): ChatwootMessageReceivedV1 => ({
  chatwoot_message_id: id,
  conversation_id: conversationId,
  account_id: 1,
  inbox_id: 1,
  content: 'quiero homologar el escape',
  content_type: 'text',
  created_at: null,
  attachments: [],
  contact: {
    id: 5,
    name: 'Ana',
    email: null,
    identifier: null,
    whatsapp_username: null,
    phone: { raw: '+34600111222', e164: '+34600111222', status: 'valid' },
  },
  conversation_attributes: { atencion_automatica: null, tipo: null },
  source: 'webhook',
  received_at: new Date().toISOString(),
});

const context = (entryId: string, attempt = 1): HandlerContext =>
  ({ stream: StreamName.INCOMING_MESSAGES, entryId, attempt, maxAttempts: 3 }) as HandlerContext;

/**
 * The handler's collaborators as the database would answer them: a message is archived once
 * (a second store finds it), the agent's state is read, a turn answers. Counts every round
 * trip the handler starts.
 */
class Fakes {
  public transactions = 0;
  public contextReads = 0;
  public stateReads = 0;
  public readonly archived = new Set<number>();
  public readonly turnRequests: TurnRequest[] = [];
  /** What the burst collector answers next, per entry (default: no wait, no followers). */
  public readonly bursts = new Map<string, Partial<Burst>[]>();
  private readonly customer = { id: 'customer-1', phone: '+34600111222' } as CustomerEntity;

  public readonly dataSource = {
    manager: {} as EntityManager,
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      this.transactions += 1;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;

  public readonly ingest = {
    lockCustomer: (_manager: EntityManager, incoming: ChatwootMessageReceivedV1) =>
      Promise.resolve({
        archived: this.archived.has(incoming.chatwoot_message_id),
        state: null,
      }),
    upsertCustomer: () => Promise.resolve(this.customer),
    storeMessage: (_manager: EntityManager, incoming: ChatwootMessageReceivedV1) => {
      this.archived.add(incoming.chatwoot_message_id);
      return Promise.resolve({ id: 'history-1', inserted: true, archived: true });
    },
    loadContext: () => {
      this.contextReads += 1;
      return Promise.resolve({ history: { id: 'history-1' }, customer: this.customer });
    },
  } as unknown as ConversationIngestService;

  public readonly turns = {
    loadState: () => {
      this.stateReads += 1;
      return Promise.resolve(null);
    },
    imageTarget: () => null,
    run: (request: TurnRequest) => {
      this.turnRequests.push(request);
      return Promise.resolve({ ran: true, output: null });
    },
  } as unknown as ConversationTurnService;

  public readonly collector = {
    collect: (entryId: string): Promise<Burst> => {
      const next = this.bursts.get(entryId)?.shift() ?? {};
      return Promise.resolve({ followers: [], followerEntryIds: [], waitMs: 0, ...next });
    },
  } as unknown as BurstCollector;

  /** A worker process's handler (its memory is its own). */
  public newProcess(): IncomingMessageHandler {
    return new IncomingMessageHandler(
      this.dataSource,
      this.ingest,
      {
        get: () => Promise.resolve({ agentEnabled: true, disabledMessage: '' }),
      } as unknown as AgentSettingsService,
      this.turns,
      this.collector,
      { publishKey: () => Promise.resolve() } as unknown as OutboxService,
      { chatwoot: { teamId: null } } as unknown as WorkerConfig,
    );
  }

  public readonly handler = this.newProcess();
}

describe('IncomingMessageHandler (burst wait)', () => {
  let fakes: Fakes;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    fakes = new Fakes();
  });

  it('stores a message once and, after its burst wait, starts at the turn', async () => {
    const incoming = message(101);
    fakes.bursts.set('1-0', [{ waitMs: 1500 }]);

    const first = await fakes.handler.handle(messageReceivedEnvelope(incoming), context('1-0'));
    expect(first).toEqual({ continueAfterMs: 1500 });
    expect(fakes.transactions).toBe(1);

    await fakes.handler.handle(messageReceivedEnvelope(incoming), context('1-0'));
    // No second transaction to find the message archived, no read of customer and history;
    // the agent's state is read again (the one read before the wait may be old).
    expect(fakes.transactions).toBe(1);
    expect(fakes.contextReads).toBe(0);
    expect(fakes.stateReads).toBe(1);
    expect(fakes.turnRequests).toHaveLength(1);
    expect(fakes.turnRequests[0]).toMatchObject({
      conversationId: '77',
      customerId: 'customer-1',
      customerPhone: '+34600111222',
      messageIds: [101],
    });
  });

  it('remembers the message across a second wait, and only until its turn ran', async () => {
    const incoming = message(102);
    fakes.bursts.set('2-0', [{ waitMs: 1500 }, { waitMs: 700 }]);
    await fakes.handler.handle(messageReceivedEnvelope(incoming), context('2-0'));
    expect(await fakes.handler.handle(messageReceivedEnvelope(incoming), context('2-0'))).toEqual({
      continueAfterMs: 700,
    });
    await fakes.handler.handle(messageReceivedEnvelope(incoming), context('2-0'));
    expect(fakes.transactions).toBe(1);
    expect(fakes.turnRequests.map((request) => request.customerId)).toEqual(['customer-1']);

    // A redelivery of the same entry after its turn (say, the ack was lost) goes the full way.
    await fakes.handler.handle(messageReceivedEnvelope(incoming), context('2-0', 2));
    expect(fakes.transactions).toBe(2);
    expect(fakes.contextReads).toBe(1);
    expect(fakes.turnRequests).toHaveLength(2);
  });

  it('lets another process that takes the entry over store-check and read everything', async () => {
    const incoming = message(103);
    fakes.bursts.set('3-0', [{ waitMs: 1500 }]);
    await fakes.handler.handle(messageReceivedEnvelope(incoming), context('3-0'));

    // The first worker died during the wait; the entry is claimed by a fresh process.
    await fakes.newProcess().handle(messageReceivedEnvelope(incoming), context('3-0', 1));
    expect(fakes.transactions).toBe(2);
    expect(fakes.contextReads).toBe(1);
    expect(fakes.stateReads).toBe(1);
    expect(fakes.turnRequests).toHaveLength(1);
    expect(fakes.turnRequests[0]?.customerId).toBe('customer-1');
  });

  it('forgets a waiting message that an earlier message of its burst answered', async () => {
    const leader = message(104);
    const follower = message(105);
    fakes.bursts.set('5-0', [{ waitMs: 1500 }]);
    await fakes.handler.handle(messageReceivedEnvelope(follower), context('5-0'));
    fakes.bursts.set('4-0', [{ followers: [follower], followerEntryIds: ['5-0'] }]);
    await fakes.handler.handle(messageReceivedEnvelope(leader), context('4-0'));
    expect(fakes.turnRequests[0]?.messageIds).toEqual([104, 105]);

    // The follower's own run ends at once; a later redelivery of it is not taken as waiting.
    await fakes.handler.handle(messageReceivedEnvelope(follower), context('5-0'));
    expect(fakes.turnRequests).toHaveLength(1);
    const transactions = fakes.transactions;
    await fakes.handler.handle(messageReceivedEnvelope(follower), context('5-0', 2));
    expect(fakes.transactions).toBe(transactions + 1);
    expect(fakes.contextReads).toBe(1);
  });
});
