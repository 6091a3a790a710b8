/**
 * One trace per customer message, across real processes: the api (spawned apps/api/src/main.ts)
 * takes a Chatwoot webhook, the worker (spawned apps/worker/src/main.ts) handles the message
 * (panic button: escalation + delivery to Chatwoot). The same trace id appears on the api's
 * webhook log line, on the worker's log lines for that message, in the `traceparent` header of
 * the worker's Chatwoot calls, and on the spans both processes export to a local OTLP/HTTP
 * receiver (a tiny server standing in for the collector).
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { baseTestEnv } from '../support/api';
import { incomingEvent } from '../support/chatwoot-events';
import { createTestDatabase, TestDatabase } from '../support/database';
import { FakeChatwoot } from '../support/fake-chatwoot';
import { freePort, spawnTs, SpawnedProcess, waitFor } from '../support/process';
import { createTestRedis, TestRedis } from '../support/redis';
import { startWorker, TestWorker } from '../support/worker';

jest.setTimeout(150_000);

const WEBHOOK_TOKEN = 'webhook-token-tracing-0123456789';

interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

type AnyValue = { stringValue?: string };
interface OtlpBody {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: AnyValue }[] };
    scopeSpans?: {
      spans?: { name: string; traceId: string; spanId: string; parentSpanId?: string }[];
    }[];
  }[];
}

/** OTLP/JSON ids are hex; accept base64 too (the protobuf-JSON mapping) to be safe. */
const hexId = (value: string | undefined): string => {
  if (!value) return '';
  return /^[0-9a-f]+$/i.test(value)
    ? value.toLowerCase()
    : Buffer.from(value, 'base64').toString('hex');
};

/** A stand-in OTLP/HTTP collector: records the spans POSTed to /v1/traces. */
class OtlpReceiver {
  public readonly spans: ExportedSpan[] = [];
  public readonly contentTypes: string[] = [];
  private server: Server | null = null;
  public url = '';

  public async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces') {
          this.contentTypes.push(String(req.headers['content-type']));
          const parsed = JSON.parse(body) as OtlpBody;
          for (const resourceSpans of parsed.resourceSpans ?? []) {
            const service =
              resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value
                .stringValue ?? '';
            for (const scope of resourceSpans.scopeSpans ?? []) {
              for (const span of scope.spans ?? []) {
                this.spans.push({
                  service,
                  name: span.name,
                  traceId: hexId(span.traceId),
                  spanId: hexId(span.spanId),
                  parentSpanId: hexId(span.parentSpanId),
                });
              }
            }
          }
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this;
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The JSON log lines a process printed so far. */
const logLines = (proc: SpawnedProcess): Record<string, unknown>[] =>
  proc
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

describe('one trace per customer message across api and worker (e2e, spawned processes)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let chatwoot: FakeChatwoot;
  let otlp: OtlpReceiver;
  let api: SpawnedProcess | null = null;
  let worker: TestWorker | null = null;
  let apiPort: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    chatwoot = await new FakeChatwoot().start();
    otlp = await new OtlpReceiver().start();
    // Panic button on: the worker escalates and writes to Chatwoot without any LLM.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`UPDATE system_settings SET value = 'false' WHERE key = 'agent_enabled'`);
    await pg.end();

    apiPort = await freePort();
    api = spawnTs('apps/api/src/main.ts', {
      ...baseTestEnv(db, redis),
      LOG_LEVEL: 'info',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      CHATWOOT_API_URL: chatwoot.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    });
    await waitFor(async () => {
      if (api?.child.exitCode !== null) throw new Error(`api exited: ${api?.output()}`);
      return (await fetch(`http://127.0.0.1:${apiPort}/health`)).status === 200;
    }, 60000);
    worker = await startWorker(db, redis, chatwoot, {
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    });
  });

  afterAll(async () => {
    await worker?.stop();
    api?.kill('SIGTERM');
    await api?.exited;
    await otlp?.stop();
    await chatwoot?.stop();
    await redis?.cleanup();
    await db?.drop();
  });

  it('carries the webhook request id as trace id through logs, Chatwoot calls and spans', async () => {
    const conversationId = 93_001;
    const chatwootMessageId = 930_011;
    const res = await fetch(`http://127.0.0.1:${apiPort}/webhook/chatwoot/${WEBHOOK_TOKEN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        incomingEvent({ id: chatwootMessageId, conversationId, content: 'Hola' }),
      ),
    });
    expect(res.status).toBe(200);
    // The request id is a UUID; without its dashes it is the W3C trace id.
    const requestId = String(res.headers.get('x-request-id'));
    const traceId = requestId.replace(/-/g, '');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // The worker escalated: the handover note reached Chatwoot, with our trace context.
    const noteCall = await waitFor(
      () =>
        Promise.resolve(
          chatwoot.requests.find(
            (r) =>
              r.method === 'POST' &&
              r.path.endsWith(`/conversations/${conversationId}/messages`) &&
              JSON.stringify(r.body).includes('ESCALACIÓN'),
          ),
        ),
      40000,
    );
    const chatwootCalls = chatwoot.requests.filter((r) =>
      r.path.includes(`/conversations/${conversationId}`),
    );
    expect(chatwootCalls.length).toBeGreaterThan(1);
    for (const call of chatwootCalls) {
      expect(call.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    }
    expect(noteCall.traceparent).toContain(traceId);

    // Logs: the api's webhook line and the worker's handling lines share the trace id.
    const apiLine = await waitFor(() =>
      Promise.resolve(
        logLines(api as SpawnedProcess).find(
          (line) =>
            line.msg === 'customer message queued' &&
            line.chatwoot_message_id === chatwootMessageId,
        ),
      ),
    );
    expect(apiLine.trace_id).toBe(traceId);
    // The request's access line too.
    const accessLine = await waitFor(() =>
      Promise.resolve(
        logLines(api as SpawnedProcess).find(
          (line) => (line.req as { id?: string } | undefined)?.id === requestId,
        ),
      ),
    );
    expect(accessLine.trace_id).toBe(traceId);
    const workerLines = await waitFor(() => {
      const lines = logLines((worker as TestWorker).process).filter(
        (line) => line.trace_id === traceId,
      );
      return Promise.resolve(lines.length > 0 ? lines : null);
    });
    expect(workerLines.map((line) => line.msg)).toContain('customer message stored');
    expect(workerLines.every((line) => line.service === 'worker')).toBe(true);
    // No worker line about this message lacks the trace id.
    const aboutMessage = logLines((worker as TestWorker).process).filter(
      (line) => line.chatwoot_message_id === chatwootMessageId,
    );
    expect(aboutMessage.length).toBeGreaterThan(0);
    expect(aboutMessage.every((line) => line.trace_id === traceId)).toBe(true);

    // Spans: webhook (api) → stream entries and Chatwoot calls (worker), one trace.
    const spans = await waitFor(() => {
      const ofTrace = otlp.spans.filter((span) => span.traceId === traceId);
      const names = new Set(ofTrace.map((span) => span.name));
      return Promise.resolve(
        names.has('chatwoot.webhook') &&
          names.has('stream chatwoot.message_received.v1') &&
          names.has('stream chatwoot.delivery.v1') &&
          [...names].some((name) => name.startsWith('chatwoot POST'))
          ? ofTrace
          : null,
      );
    }, 30000);
    expect(otlp.contentTypes[0]).toMatch(/^application\/json/);
    const webhook = spans.find((span) => span.name === 'chatwoot.webhook') as ExportedSpan;
    expect(webhook.service).toBe('msia-api');
    const handling = spans.find(
      (span) => span.name === 'stream chatwoot.message_received.v1',
    ) as ExportedSpan;
    expect(handling.service).toBe('msia-worker');
    // The worker's handling span is a child of the webhook span.
    expect(handling.parentSpanId).toBe(webhook.spanId);
  });
});
