import { MessageType, StreamName } from '@app/domain';
import { buildHandlerMap, HandlerRegistryError } from './handler-registry';
import { StreamHandler } from './stream-handler';

const handler = (): StreamHandler => ({ handle: () => Promise.resolve() });
const ALL = [StreamName.INCOMING_MESSAGES, StreamName.OUTGOING_MESSAGES];

describe('buildHandlerMap', () => {
  it('maps every message type of the consumed streams to its handler', () => {
    const incoming = handler();
    const delivery = handler();
    const map = buildHandlerMap(
      [
        { type: MessageType.CHATWOOT_MESSAGE_RECEIVED, handler: incoming, name: 'In' },
        { type: MessageType.CHATWOOT_DELIVERY, handler: delivery, name: 'Out' },
      ],
      ALL,
    );
    expect(map.get(MessageType.CHATWOOT_MESSAGE_RECEIVED)).toBe(incoming);
    expect(map.get(MessageType.CHATWOOT_DELIVERY)).toBe(delivery);
  });

  it('fails when a consumed message type has no handler', () => {
    expect(() =>
      buildHandlerMap(
        [{ type: MessageType.CHATWOOT_MESSAGE_RECEIVED, handler: handler(), name: 'In' }],
        ALL,
      ),
    ).toThrow(
      new HandlerRegistryError(
        'Stream handlers: no handler for chatwoot.delivery.v1 (stream outgoing_messages_stream)',
      ),
    );
  });

  it('fails when a message type has two handlers', () => {
    expect(() =>
      buildHandlerMap(
        [
          { type: MessageType.CHATWOOT_MESSAGE_RECEIVED, handler: handler(), name: 'A' },
          { type: MessageType.CHATWOOT_MESSAGE_RECEIVED, handler: handler(), name: 'B' },
          { type: MessageType.CHATWOOT_DELIVERY, handler: handler(), name: 'Out' },
        ],
        ALL,
      ),
    ).toThrow(/2 handlers for chatwoot.message_received.v1: A, B/);
  });

  it('does not require handlers for streams this worker does not consume', () => {
    expect(() =>
      buildHandlerMap(
        [{ type: MessageType.CHATWOOT_MESSAGE_RECEIVED, handler: handler(), name: 'In' }],
        [StreamName.INCOMING_MESSAGES],
      ),
    ).not.toThrow();
  });
});
