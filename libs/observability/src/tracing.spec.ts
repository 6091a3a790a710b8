import {
  currentTrace,
  currentTraceparent,
  formatTraceparent,
  inSpan,
  inTraceOf,
  parseTraceparent,
  requestTrace,
  traceLogFields,
} from './tracing';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = `00-${TRACE}-00f067aa0ba902b7-01`;

describe('trace context', () => {
  it('parses and formats W3C traceparent, refusing malformed or all-zero ids', () => {
    expect(parseTraceparent(PARENT)).toEqual({
      traceId: TRACE,
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(formatTraceparent(parseTraceparent(PARENT)!)).toBe(PARENT);
    expect(parseTraceparent(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeNull();
    expect(parseTraceparent(`00-${TRACE}-${'0'.repeat(16)}-01`)).toBeNull();
    expect(parseTraceparent('00-xyz')).toBeNull();
    expect(parseTraceparent(undefined)).toBeNull();
  });

  it('uses the request id as trace id when it is one (a UUID without dashes)', () => {
    const uuid = '4bf92f35-77b3-4da6-a3ce-929d0e0e4736';
    expect(requestTrace(undefined, uuid).traceId).toBe(TRACE);
    expect(requestTrace(PARENT, uuid)).toMatchObject({
      traceId: TRACE,
      spanId: '00f067aa0ba902b7',
    });
    expect(requestTrace(undefined, 'proxy-req-12345678').traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the trace id inside spans (no exporter) and exposes it to logs and calls', async () => {
    expect(traceLogFields()).toEqual({});
    const seen = await inTraceOf(PARENT, 'stream x', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const outer = currentTrace();
      const inner = await inSpan('chatwoot POST', () => Promise.resolve(currentTrace()));
      return { outer, inner, fields: traceLogFields(), header: currentTraceparent() };
    });
    expect(seen.outer?.traceId).toBe(TRACE);
    expect(seen.outer?.spanId).not.toBe('00f067aa0ba902b7');
    expect(seen.inner?.traceId).toBe(TRACE);
    expect(seen.inner?.spanId).not.toBe(seen.outer?.spanId);
    expect(seen.fields).toEqual({ trace_id: TRACE });
    expect(seen.header).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(currentTrace()).toBeUndefined();
  });

  it('starts a new trace for an entry without one', async () => {
    const ids = await Promise.all(
      [null, undefined, 'garbage'].map((value) =>
        inTraceOf(value, 'stream x', () => Promise.resolve(currentTrace()?.traceId)),
      ),
    );
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
  });
});
