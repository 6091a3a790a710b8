import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';
import {
  context as otelContext,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
  TraceFlags,
} from '@opentelemetry/api';

/**
 * One trace per customer message: the trace id is born at the Chatwoot webhook (it is the
 * request id there), travels in the stream envelope (`traceparent`) to the worker, is sent to
 * Chatwoot on every call and appears as `trace_id` on every log line written while the message
 * is handled (the pino mixin reads it from here). Spans are exported only when an OTLP endpoint
 * is configured; otherwise no SDK runs and a span is just a new id in this context.
 */
export interface TraceContext {
  /** 32 lowercase hex chars (W3C trace id). */
  traceId: string;
  /** 16 lowercase hex chars: the current span, parent of the next one. */
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

const storage = new AsyncLocalStorage<TraceContext>();
/** Set by TracingService when an exporter is configured; null = tracing is ids and logs only. */
let exportingTracer: Tracer | null = null;

export const setExportingTracer = (tracer: Tracer | null): void => {
  exportingTracer = tracer;
};

/** Random bytes for ids, drawn from a pool: one call into the system's generator per 4 KiB. */
const idPool = Buffer.alloc(4096);
let idPoolOffset = idPool.length;
const randomHex = (bytes: number): string => {
  if (idPoolOffset + bytes > idPool.length) {
    randomFillSync(idPool);
    idPoolOffset = 0;
  }
  idPoolOffset += bytes;
  return idPool.toString('hex', idPoolOffset - bytes, idPoolOffset);
};

export const newTraceId = (): string => randomHex(16);
const newSpanId = (): string => randomHex(8);

export const isTraceId = (value: string): boolean => TRACE_ID.test(value) && value !== ZERO_TRACE;

/** Parses a W3C `traceparent` header; null when absent or malformed. */
export function parseTraceparent(value: string | null | undefined): TraceContext | null {
  const match = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!match) return null;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return null;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export const formatTraceparent = (ctx: TraceContext): string =>
  `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;

export const currentTrace = (): TraceContext | undefined => storage.getStore();

/** The current `traceparent`, for outgoing calls and stream envelopes. */
export const currentTraceparent = (): string | undefined => {
  const ctx = storage.getStore();
  return ctx ? formatTraceparent(ctx) : undefined;
};

/** Fields every log line carries while a trace is active (pino `mixin`). */
export const traceLogFields = (): { trace_id?: string } => {
  const ctx = storage.getStore();
  return ctx ? { trace_id: ctx.traceId } : {};
};

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Record<string, string | number | boolean>;
}

/**
 * Runs `fn` in a child span of the current trace (or of `parent`, or of a new trace when there
 * is neither). The span is exported when tracing is on; log lines inside carry its trace id.
 */
export async function inSpan<T>(
  name: string,
  fn: () => Promise<T>,
  options: SpanOptions = {},
  parent: TraceContext | null = storage.getStore() ?? null,
): Promise<T> {
  const tracer = exportingTracer;
  if (!tracer) {
    const ctx: TraceContext = parent
      ? { traceId: parent.traceId, spanId: newSpanId(), sampled: parent.sampled }
      : { traceId: newTraceId(), spanId: newSpanId(), sampled: true };
    return storage.run(ctx, fn);
  }
  const parentContext = trace.setSpanContext(otelContext.active(), {
    traceId: parent?.traceId ?? newTraceId(),
    spanId: parent?.spanId ?? newSpanId(),
    traceFlags: parent && !parent.sampled ? TraceFlags.NONE : TraceFlags.SAMPLED,
    // The parent is another process's span (or stands for the caller): never ours to end.
    isRemote: true,
  });
  const span: Span = tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parentContext,
  );
  const spanContext = span.spanContext();
  const ctx: TraceContext = {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    sampled: (spanContext.traceFlags & 1) === 1, // the W3C `sampled` bit
  };
  try {
    const result = await storage.run(ctx, fn);
    span.setStatus({ code: SpanStatusCode.OK });
    return result;
  } catch (error) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Continues the trace a stream entry carries (its `traceparent`), or starts one for entries
 * written before traces existed or by producers without one.
 */
export const inTraceOf = <T>(
  traceparent: string | null | undefined,
  name: string,
  fn: () => Promise<T>,
  options: SpanOptions = {},
): Promise<T> =>
  inSpan(name, fn, { kind: SpanKind.CONSUMER, ...options }, parseTraceparent(traceparent));

/**
 * The trace of an incoming HTTP request: continues a valid incoming `traceparent`, else uses
 * the request id when it is already a trace id (the api mints request ids that are), else a
 * new trace.
 */
export function requestTrace(
  traceparent: string | null | undefined,
  requestId: string | null | undefined,
): TraceContext {
  const incoming = parseTraceparent(traceparent);
  if (incoming) return incoming;
  // A UUID request id without its dashes is a valid trace id: logs and traces share the id.
  const id = (requestId ?? '').replace(/-/g, '').toLowerCase();
  // The span id stands for the caller's side of the request (there is no span of it).
  return { traceId: isTraceId(id) ? id : newTraceId(), spanId: newSpanId(), sampled: true };
}

/** Runs `fn` with `ctx` as the current trace (no span of its own). */
export const withTrace = <T>(ctx: TraceContext, fn: () => T): T => storage.run(ctx, fn);

export { SpanKind };
