import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorFingerprint } from './error-fingerprint';
import { ProcessServiceName } from './process-keys';
import { scrubSecrets } from './redact';

/** pino's numeric levels. */
const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const ERROR_LEVEL = 50;
/** Fields every line carries; the rest is shown after the message. */
const BASE_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg']);
const MAX_LINE = 4000;
const MAX_STACK = 8000;
const MAX_CONTEXT = 4000;
/** Distinct error groups held between flushes; a flood of new ones beyond is counted only. */
const MAX_ERROR_GROUPS = 500;

export interface CapturedLine {
  time: number;
  level: string;
  text: string;
}

/** One group of identical errors seen since the last flush. */
export interface CapturedError {
  fingerprint: string;
  level: string;
  message: string;
  stack: string | null;
  context: Record<string, unknown> | null;
  raw: string;
  firstAt: Date;
  lastAt: Date;
  count: number;
}

type LogRecord = Record<string, unknown>;

const scalar = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

const asText = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

/**
 * A pino destination (next to stdout) that keeps what the system page needs: recent lines,
 * already redacted by the logger's `redact` paths and scrubbed of secrets in free text, and
 * error-level lines grouped by fingerprint. It only buffers (bounded); the process registry
 * drains it in batches, so logging never waits for Redis or PostgreSQL.
 */
export class ProcessLogSink {
  public readonly instanceId: string;
  private lines: CapturedLine[] = [];
  private errors = new Map<string, CapturedError>();
  private droppedErrors = 0;

  public constructor(
    public readonly service: ProcessServiceName,
    private readonly ringSize: number,
  ) {
    this.instanceId = `${service}-${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  }

  /** pino calls this with one serialized line (possibly several) per log call. */
  public write(chunk: string): void {
    for (const raw of chunk.split('\n')) {
      if (!raw) continue;
      try {
        this.capture(JSON.parse(raw) as LogRecord);
      } catch {
        // Not JSON (never from pino): keep the text line itself.
        this.pushLine({
          time: Date.now(),
          level: 'INFO',
          text: scrubSecrets(raw.slice(0, MAX_LINE)),
        });
      }
    }
  }

  public drainLines(): CapturedLine[] {
    const lines = this.lines;
    this.lines = [];
    return lines;
  }

  public drainErrors(): CapturedError[] {
    const errors = [...this.errors.values()];
    this.errors.clear();
    return errors;
  }

  /** Puts back groups whose write failed, merged with what arrived meanwhile. */
  public requeueErrors(errors: CapturedError[]): void {
    for (const error of errors) this.addError(error);
  }

  public get pendingErrorGroups(): number {
    return this.errors.size;
  }

  private capture(record: LogRecord): void {
    const levelNumber = typeof record.level === 'number' ? record.level : 30;
    const level = LEVEL_NAMES[levelNumber] ?? String(levelNumber);
    const time = typeof record.time === 'number' ? record.time : Date.now();
    const msg = asText(record.msg) ?? '';
    const extras: LogRecord = {};
    for (const [key, value] of Object.entries(record)) {
      if (!BASE_FIELDS.has(key)) extras[key] = value;
    }
    const context = asText(extras.context);
    const extraText = Object.keys(extras).length > 0 ? ` ${JSON.stringify(extras)}` : '';
    const text = scrubSecrets(
      `${new Date(time).toISOString()} ${level} ${context ? `[${context}] ` : ''}${msg}${extraText}`,
    ).slice(0, MAX_LINE);
    this.pushLine({ time, level, text });
    if (levelNumber >= ERROR_LEVEL) this.captureError(record, level, msg, extras, time);
  }

  private captureError(
    record: LogRecord,
    level: string,
    msg: string,
    extras: LogRecord,
    time: number,
  ): void {
    const err = (record.err ?? record.error) as LogRecord | string | undefined;
    const errObject = typeof err === 'object' && err !== null ? err : null;
    const stack = asText(errObject?.stack) ?? asText(record.stack) ?? asText(record.trace) ?? null;
    let message = msg || asText(errObject?.message) || (typeof err === 'string' ? err : '');
    // pino-http's "request errored/completed" lines: say which route failed.
    const req = record.req as LogRecord | undefined;
    const res = record.res as LogRecord | undefined;
    if (req && typeof req === 'object') {
      message =
        `${message} ${scalar(req.method)} ${scalar(req.url)} ${scalar(res?.statusCode)}`.trim();
    }
    message = scrubSecrets(message || 'error without message');
    const scrubbedStack = stack ? scrubSecrets(stack).slice(0, MAX_STACK) : null;
    const contextFields: LogRecord = {};
    for (const [key, value] of Object.entries(extras)) {
      if (key !== 'err' && key !== 'error' && key !== 'stack' && key !== 'trace') {
        contextFields[key] = value;
      }
    }
    const contextJson = scrubSecrets(JSON.stringify(contextFields));
    const at = new Date(time);
    this.addError({
      fingerprint: errorFingerprint(this.service, message, scrubbedStack),
      level,
      message: message.slice(0, MAX_LINE),
      stack: scrubbedStack,
      context:
        Object.keys(contextFields).length === 0
          ? null
          : contextJson.length <= MAX_CONTEXT
            ? (JSON.parse(contextJson) as Record<string, unknown>)
            : { truncated: contextJson.slice(0, MAX_CONTEXT) },
      raw: scrubSecrets(JSON.stringify(record)).slice(0, MAX_LINE),
      firstAt: at,
      lastAt: at,
      count: 1,
    });
  }

  private addError(error: CapturedError): void {
    const existing = this.errors.get(error.fingerprint);
    if (existing) {
      existing.count += error.count;
      if (error.lastAt > existing.lastAt) existing.lastAt = error.lastAt;
      if (error.firstAt < existing.firstAt) existing.firstAt = error.firstAt;
      return;
    }
    if (this.errors.size >= MAX_ERROR_GROUPS) {
      this.droppedErrors += error.count;
      return;
    }
    this.errors.set(error.fingerprint, { ...error });
  }

  /** Error occurrences not kept because too many distinct groups arrived between flushes. */
  public takeDroppedErrorCount(): number {
    const dropped = this.droppedErrors;
    this.droppedErrors = 0;
    return dropped;
  }

  private pushLine(line: CapturedLine): void {
    this.lines.push(line);
    // Bounded between flushes: Redis down must not grow memory.
    if (this.lines.length > this.ringSize) this.lines.splice(0, this.lines.length - this.ringSize);
  }
}

const sinks = new WeakMap<object, ProcessLogSink>();

/** The sink of one app (keyed by its config object: tests run several apps in one process). */
export const logSinkFor = (
  config: object,
  service: ProcessServiceName,
  ringSize: number,
): ProcessLogSink => {
  let sink = sinks.get(config);
  if (!sink) {
    sink = new ProcessLogSink(service, ringSize);
    sinks.set(config, sink);
  }
  return sink;
};
