import {
  buildEnvelope,
  compareStreamIds,
  InvalidEnvelopeError,
  MESSAGE_STREAMS,
  MessageType,
  parseEnvelope,
} from './envelope';
import { StreamName } from './stream-names';

describe('stream envelope', () => {
  it('round-trips through JSON', () => {
    const envelope = buildEnvelope(MessageType.CHATWOOT_DELIVERY, 'd1', '128', { a: 1 });
    expect(parseEnvelope(JSON.stringify(envelope))).toEqual(envelope);
  });

  it('keeps a well-formed trace context and drops a malformed one without refusing the entry', () => {
    const envelope = buildEnvelope(MessageType.CHATWOOT_DELIVERY, 'd1', '128', { a: 1 });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(parseEnvelope(JSON.stringify({ ...envelope, traceparent })).traceparent).toBe(
      traceparent,
    );
    const bad = parseEnvelope(JSON.stringify({ ...envelope, traceparent: 'x'.repeat(500) }));
    expect(bad).toEqual(envelope);
  });

  it.each([
    [undefined, /no data/],
    ['{', /not JSON/],
    ['[]', /not an object/],
    ['{"v":2}', /version/],
    ['{"v":1,"id":"x","type":"nope","key":null,"payload":{}}', /unknown message type/],
    ['{"v":1,"type":"chatwoot.delivery.v1","key":null,"payload":{}}', /id missing/],
    ['{"v":1,"id":"x","type":"chatwoot.delivery.v1","key":5,"payload":{}}', /key/],
    ['{"v":1,"id":"x","type":"chatwoot.delivery.v1","key":null,"payload":3}', /payload/],
  ])('rejects %p', (data, message) => {
    expect(() => parseEnvelope(data)).toThrow(InvalidEnvelopeError);
    expect(() => parseEnvelope(data)).toThrow(message);
  });

  it('maps every message type to a stream', () => {
    expect(MESSAGE_STREAMS[MessageType.CHATWOOT_MESSAGE_RECEIVED]).toBe(
      StreamName.INCOMING_MESSAGES,
    );
    expect(MESSAGE_STREAMS[MessageType.CHATWOOT_DELIVERY]).toBe(StreamName.OUTGOING_MESSAGES);
  });

  it('compares stream ids numerically', () => {
    expect(compareStreamIds('999-0', '1000-0')).toBe(-1);
    expect(compareStreamIds('1000-10', '1000-9')).toBe(1);
    expect(compareStreamIds('1000-1', '1000-1')).toBe(0);
  });
});
