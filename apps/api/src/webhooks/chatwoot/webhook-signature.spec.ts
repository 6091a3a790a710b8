import { checkChatwootSignature, safeEqual, signChatwootBody } from './webhook-signature';

describe('Chatwoot webhook signature', () => {
  const body = '{"event":"message_created","id":1}';
  const now = 1_800_000_000;

  it('accepts a fresh, correct signature', () => {
    const headers = signChatwootBody('s3cret-key', body, now);
    expect(
      checkChatwootSignature(
        's3cret-key',
        Buffer.from(body),
        headers['X-Chatwoot-Signature'],
        headers['X-Chatwoot-Timestamp'],
        300,
        now + 10,
      ),
    ).toBe('ok');
  });

  it('rejects a tampered body, a wrong secret, a stale timestamp and missing headers', () => {
    const headers = signChatwootBody('s3cret-key', body, now);
    const sig = headers['X-Chatwoot-Signature'];
    const ts = headers['X-Chatwoot-Timestamp'];
    expect(checkChatwootSignature('s3cret-key', Buffer.from(`${body} `), sig, ts, 300, now)).toBe(
      'mismatch',
    );
    expect(checkChatwootSignature('other-key', Buffer.from(body), sig, ts, 300, now)).toBe(
      'mismatch',
    );
    expect(checkChatwootSignature('s3cret-key', Buffer.from(body), sig, ts, 300, now + 301)).toBe(
      'stale',
    );
    expect(checkChatwootSignature('s3cret-key', Buffer.from(body), undefined, ts, 300, now)).toBe(
      'missing',
    );
    expect(checkChatwootSignature('s3cret-key', Buffer.from(body), sig, 'abc', 300, now)).toBe(
      'missing',
    );
  });

  it('compares tokens exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'abc')).toBe(false);
  });
});
