/* npm run bench:agent — the customer agent's latency:
 *  1. end to end: webhook POST → the reply's message POST received by a local fake Chatwoot,
 *     through the real api and one real worker process (deterministic engine, PostgreSQL,
 *     Redis streams, outbox, delivery). Open-loop load: a timer schedule sends realistic
 *     conversations (greeting, quote, accept → case creation, side questions, cancel…) without
 *     waiting for replies. Main run with AGENT_BURST_WINDOW_MS=0 (the burst window delays
 *     answers on purpose), plus a smaller run with the default window to show its effect.
 *  2. the engine alone: time per `decideTurn` call over the same dialogues, seeded catalogue.
 * Also printed, to show where the time goes: per-stage latency from the rows' timestamps, the
 * worker's handler times (its /metrics), CPU per message of each process and the machine's load.
 * Knobs: BENCH_RATE (100 msg/s), BENCH_CONVERSATIONS (200), BENCH_WORKER_CONCURRENCY (32),
 * BENCH_WORKER_POOL_MAX (10), BENCH_WORKERS (1 worker process), BENCH_WARMUP_CONVERSATIONS
 * (as many as the main run: the measured worker has been running; the warm-up's own figures are
 * printed as the cold-start ones), BENCH_CPU_PROF_DIR (write CPU profiles of the main run's
 * first worker and the api).
 * Throw-away database and Redis key prefix, loopback only; figures only, nothing asserted. */
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { arch, cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import Redis from 'ioredis';
import { Client } from 'pg';
import { buildSeedPlan, seedEngine } from '@app/catalogue-seed';
import {
  AgentTurnOutput,
  decideTurn,
  stripMarkdownForWhatsApp,
  TurnCase,
  TurnCatalogue,
  TurnCustomer,
} from '@app/domain';
import { incomingEvent } from '../test/support/chatwoot-events';
import { FakeChatwoot } from '../test/support/fake-chatwoot';
import { waitFor } from '../test/support/process';
import { TestRedis } from '../test/support/redis';
import { waitForStreamsIdle } from '../test/support/streams';
import { TestWorker } from '../test/support/worker';
import {
  BenchEnv,
  benchEnv,
  cpuDelta,
  CpuRole,
  cpuSnapshot,
  machineCpuMs,
  percentile,
  processCpuMs,
  profilerPreload,
  PRODUCTION_WORKER_TIMINGS,
  seedCatalogue,
  startApi,
  startBenchWorker,
  stop,
} from './support';

/* eslint-disable no-restricted-syntax -- benchmark knobs */
const knob = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const RATE = knob('BENCH_RATE', 100); // messages per second, all conversations together
const CONVERSATIONS = knob('BENCH_CONVERSATIONS', 200);
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? '32'; // production default
const WORKER_POOL_MAX = process.env.BENCH_WORKER_POOL_MAX ?? '10'; // production default
/** Worker processes (each one event loop; more spread the worker's share over the cores). */
const WORKERS = Math.max(1, knob('BENCH_WORKERS', 1));
/** Conversations of the warm-up run before the measured one (same rate and turns). */
const WARMUP_CONVERSATIONS = knob('BENCH_WARMUP_CONVERSATIONS', CONVERSATIONS);
/** A directory: the worker's CPU profile of the main run is written there (.cpuprofile). */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR ?? '';
/* eslint-enable no-restricted-syntax */
const GOAL_E2E_P99_MS = 150;
const GOAL_ENGINE_MS = 1;
const TOKEN = 'bench-agent-webhook-token-0123456789';
const IDLE_BASELINE_MS = 3000;
/** Give up waiting for replies this long after the last message was sent. */
const DRAIN_MS = 120_000;

interface Script {
  tipo: 'Particular' | 'Profesional';
  turns: string[];
}

/** Realistic dialogues (checked against the engine: every turn answered, none handed over). */
const SCRIPTS: Script[] = [
  {
    tipo: 'Particular',
    turns: [
      'hola buenas',
      'quiero homologar el escape de mi moto',
      'vale',
      '¿qué documentación necesito?',
      '¿cómo va mi expediente?',
      'listo',
      'quiero cancelar el expediente',
      'no',
      '¿qué servicios adicionales tenéis?',
      'gracias',
    ],
  },
  {
    tipo: 'Particular',
    turns: [
      'buenas tardes',
      'cuánto cuesta legalizar el manillar y los espejos de la moto',
      'y el escape también',
      'sí, ábrelo',
      'no tengo fotos ahora',
      '¿por qué necesitáis las fotos?',
      '¿cuánto tarda el trámite?',
      'cancelar',
      'sí',
      'quiero homologar el faro led de la moto',
    ],
  },
  {
    tipo: 'Profesional',
    turns: [
      'hola',
      'necesito regularizar una placa solar y una claraboya en la autocaravana',
      'en el interior',
      'vale',
      '¿qué documentación necesito?',
      'listo',
      '¿cuánto cuesta la tramitación urgente?',
      'quiero cancelar',
      'sí',
      'gracias, hasta luego',
    ],
  },
];
const TURNS = Math.min(...SCRIPTS.map((script) => script.turns.length));

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const sortNumbers = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const phoneOf = (conversationId: number): string =>
  `+346${String(conversationId % 100_000_000).padStart(8, '0')}`;

// --- end to end ---------------------------------------------------------------------------

interface Sent {
  conversationId: number;
  messageId: number;
  scheduledAt: number;
  sentAt: number;
  ackMs: number | null;
  failed: boolean;
}

interface Plan {
  label: string;
  conversations: number;
  turns: number;
  rate: number;
  firstConversation: number;
}

interface RunResult {
  plan: Plan;
  sent: Sent[];
  sendSeconds: number;
  latencies: number[];
  /** p99 of the messages sent in each WINDOW_S seconds of the run (a warm-up or a stall shows). */
  windows: number[];
  unanswered: number;
  stages: Record<string, number[]>;
  handler: string[];
  /** CPU ms used during the run by each process group, and the run's wall time. */
  cpu: {
    run: Record<CpuRole, number>;
    idle: Record<CpuRole, number>;
    idleMs: number;
    busyMs: number;
    /** The whole machine over the run (every process, ours and others'). */
    machine: { busy: number; total: number } | null;
  } | null;
  wallMs: number;
  load: [number, number];
}

const httpAgent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string, sent: Sent): void {
  const req = request(
    url,
    { method: 'POST', agent: httpAgent, headers: { 'Content-Type': 'application/json' } },
    (res) => {
      res.resume();
      res.on('end', () => {
        sent.ackMs = Date.now() - sent.sentAt;
        if ((res.statusCode ?? 500) >= 300) sent.failed = true;
      });
    },
  );
  req.on('error', () => (sent.failed = true));
  req.end(body);
}

/** Open loop: message i is due at t0 + i/rate, whatever happened to the earlier ones. */
async function send(apiUrl: string, plan: Plan): Promise<{ sent: Sent[]; seconds: number }> {
  const total = plan.conversations * plan.turns;
  const sent: Sent[] = [];
  const t0 = Date.now() + 20;
  for (let i = 0; i < total; i += 1) {
    const index = i % plan.conversations;
    const turn = Math.floor(i / plan.conversations);
    const conversationId = plan.firstConversation + index;
    const script = SCRIPTS[index % SCRIPTS.length];
    const scheduledAt = t0 + (i * 1000) / plan.rate;
    const wait = scheduledAt - Date.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Ascending within a conversation, unique across runs.
    const messageId = plan.firstConversation * 100 + turn * 10_000 + index;
    const entry: Sent = {
      conversationId,
      messageId,
      scheduledAt,
      sentAt: Date.now(),
      ackMs: null,
      failed: false,
    };
    sent.push(entry);
    post(
      `${apiUrl}/webhook/chatwoot/${TOKEN}`,
      JSON.stringify(
        incomingEvent({
          id: messageId,
          conversationId,
          content: script.turns[turn] ?? 'hola',
          contactId: conversationId,
          phone: phoneOf(conversationId),
          name: 'Cliente Bench',
          attributes: { tipo: script.tipo },
        }),
      ),
      entry,
    );
  }
  return { sent, seconds: (Date.now() - t0) / 1000 };
}

interface ReplyRow {
  conversation_id: string;
  reply_to: number;
  content: string;
}

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 80);

/**
 * Matches every customer message to the first public message POST of the turn that answered it
 * (the stored reply whose reply_to is the message or a later one of a burst), conversation by
 * conversation, by content; `missing` counts the messages not answered yet.
 */
function match(
  sent: Sent[],
  replies: ReplyRow[],
  posts: Map<number, { content: string; at: number }[]>,
): { latencies: Map<number, number>; missing: number } {
  const byConversation = new Map<number, ReplyRow[]>();
  for (const row of replies) {
    const id = Number(row.conversation_id);
    const list = byConversation.get(id);
    if (list) list.push(row);
    else byConversation.set(id, [row]);
  }
  const answeredAt = new Map<string, number>(); // `${conversation}:${reply_to}` → POST time
  for (const [conversationId, rows] of byConversation) {
    const list = posts.get(conversationId) ?? [];
    let pointer = 0;
    for (const row of rows.sort((a, b) => a.reply_to - b.reply_to)) {
      const expected = normalise(stripMarkdownForWhatsApp(row.content));
      while (pointer < list.length) {
        const candidate = list[pointer];
        pointer += 1;
        const got = normalise(candidate.content);
        if (got.length > 0 && expected.startsWith(got.slice(0, Math.min(got.length, 60)))) {
          answeredAt.set(`${conversationId}:${row.reply_to}`, candidate.at);
          break;
        }
      }
    }
  }
  const latencies = new Map<number, number>();
  let missing = 0;
  for (const message of sent) {
    const rows = byConversation.get(message.conversationId) ?? [];
    const turn = rows.find((row) => row.reply_to >= message.messageId);
    const at = turn ? answeredAt.get(`${message.conversationId}:${turn.reply_to}`) : undefined;
    if (at === undefined) missing += 1;
    else latencies.set(message.messageId, at - message.sentAt);
  }
  return { latencies, missing };
}

async function collect(
  pg: Client,
  chatwoot: FakeChatwoot,
  sent: Sent[],
): Promise<{ latencies: Map<number, number>; missing: number }> {
  const conversations = [...new Set(sent.map((s) => String(s.conversationId)))];
  const deadline = Date.now() + DRAIN_MS;
  let result = { latencies: new Map<number, number>(), missing: sent.length };
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const posts = new Map<number, { content: string; at: number }[]>();
    for (const r of chatwoot.requests) {
      const found = /\/conversations\/(\d+)\/messages$/.exec(r.path);
      const body = r.body as { content?: unknown; private?: unknown } | null;
      if (r.method !== 'POST' || !found || body?.private !== false) continue;
      if (typeof body.content !== 'string') continue;
      const id = Number(found[1]);
      const list = posts.get(id);
      if (list) list.push({ content: body.content, at: r.at });
      else posts.set(id, [{ content: body.content, at: r.at }]);
    }
    const { rows } = await pg.query<ReplyRow>(
      `SELECT h.conversation_id, m.reply_to_chatwoot_message_id AS reply_to, m.content
         FROM conversation_messages m
         JOIN conversation_history h ON h.id = m.conversation_history_id
        WHERE m.role = 'assistant' AND h.conversation_id = ANY($1)`,
      [conversations],
    );
    result = match(sent, rows, posts);
    if (result.missing === 0) break;
  }
  return result;
}

/** Where the time goes, from the rows' timestamps (PostgreSQL now() = transaction start). */
async function stages(
  pg: Client,
  sent: Sent[],
  latencies: Map<number, number>,
): Promise<Record<string, number[]>> {
  const { rows } = await pg.query<{
    id: number;
    stored: Date;
    turn: Date | null;
    published: Date | null;
  }>(
    `SELECT m.chatwoot_message_id AS id, m.created_at AS stored, m.agent_turn_at AS turn,
            o.published_at AS published
       FROM conversation_messages m
       LEFT JOIN stream_outbox o ON o.envelope->>'id' = 'reply:' || m.chatwoot_message_id
      WHERE m.role = 'user' AND m.chatwoot_message_id = ANY($1)`,
    [sent.map((s) => s.messageId)],
  );
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  const out: Record<string, number[]> = {
    'webhook → message stored (worker tx start)': [],
    'stored → turn tx start': [],
    'turn tx start → reply published to stream': [],
    'published → reply POST at Chatwoot': [],
  };
  const push = (key: string, value: number): void => {
    out[key]?.push(value);
  };
  for (const message of sent) {
    const row = byId.get(message.messageId);
    const total = latencies.get(message.messageId);
    if (!row?.turn || !row.published || total === undefined) continue;
    const stored = row.stored.getTime() - message.sentAt;
    const turn = row.turn.getTime() - message.sentAt;
    const published = row.published.getTime() - message.sentAt;
    push('webhook → message stored (worker tx start)', stored);
    push('stored → turn tx start', turn - stored);
    push('turn tx start → reply published to stream', published - turn);
    push('published → reply POST at Chatwoot', total - published);
  }
  return out;
}

// --- the worker's own metrics (/metrics): handler time per stream, order waits, deferrals ----

type Metrics = Map<string, number>;

/** The stream metrics of every worker, summed. */
async function scrape(workerPorts: number[]): Promise<Metrics> {
  const metrics: Metrics = new Map();
  for (const port of workerPorts) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`)
      .then((res) => res.text())
      .catch(() => '');
    for (const line of text.split('\n')) {
      const found = /^(stream_[a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$/.exec(line);
      if (!found) continue;
      const key = `${found[1]}${found[2] ?? ''}`;
      metrics.set(key, (metrics.get(key) ?? 0) + Number(found[3]));
    }
  }
  return metrics;
}

const metricDelta = (before: Metrics, after: Metrics, name: string, labels: string): number => {
  let total = 0;
  for (const [key, value] of after) {
    if (key.startsWith(`${name}{`) && labels.split(',').every((label) => key.includes(label))) {
      total += value - (before.get(key) ?? 0);
    }
  }
  return total;
};

const handlerLines = (before: Metrics, after: Metrics, concurrency: number): string[] => {
  if (after.size === 0) return ['worker handler time: not measured (/metrics unreachable)'];
  const stream = (label: string, name: string): string => {
    const sum = metricDelta(before, after, 'stream_handler_duration_seconds_sum', label);
    const count = metricDelta(before, after, 'stream_handler_duration_seconds_count', label);
    const mean = (sum * 1000) / count;
    return (
      `${name} mean ${ms(mean)} wall over ${count} runs (≤ ${concurrency} at once → at most ` +
      `≈ ${((concurrency * 1000) / mean).toFixed(0)} runs/s)`
    );
  };
  const waits = metricDelta(before, after, 'stream_order_waits_total', '');
  const continued = metricDelta(before, after, 'stream_entries_total', 'outcome="continued"');
  return [
    `worker handler time: ${stream('chatwoot.message_received', 'incoming message')}; ` +
      `${stream('chatwoot.delivery', 'delivery')}`,
    `worker entries deferred (burst window / image pauses): ${continued}, order waits: ${waits}`,
  ];
};

async function run(
  apiUrl: string,
  pg: Client,
  redis: TestRedis,
  chatwoot: FakeChatwoot,
  plan: Plan,
  pids: WorkerPids,
): Promise<RunResult> {
  await waitForStreamsIdle(redis, DRAIN_MS); // the previous run's tail is not this run's work
  const loadBefore = loadavg()[0] ?? NaN;
  const metricsBefore = await scrape(pids.workerPorts);
  // Idle baseline: what the processes burn with no messages (timers, polling, background).
  const idleStart = await cpuSnapshot(pg, pids);
  const idleT0 = Date.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_BASELINE_MS));
  const before = await cpuSnapshot(pg, pids);
  const machineBefore = machineCpuMs();
  const idleMs = Date.now() - idleT0;
  const busyT0 = Date.now();
  const { sent, seconds } = await send(apiUrl, plan);
  const { latencies, missing } = await collect(pg, chatwoot, sent);
  // Work left after the last reply (acknowledgements, entries merged into an earlier turn).
  await waitForStreamsIdle(redis, DRAIN_MS).catch(() => undefined);
  const after = await cpuSnapshot(pg, pids);
  const machineAfter = machineCpuMs();
  const busyMs = Date.now() - busyT0;
  const metricsAfter = await scrape(pids.workerPorts);
  const lastReply = Math.max(...sent.map((s) => s.sentAt + (latencies.get(s.messageId) ?? 0)));
  return {
    plan,
    sent,
    sendSeconds: seconds,
    latencies: [...latencies.values()],
    windows: p99ByWindow(sent, latencies),
    unanswered: missing,
    stages: await stages(pg, sent, latencies),
    handler: handlerLines(
      metricsBefore,
      metricsAfter,
      Number(WORKER_CONCURRENCY) * pids.workers.length,
    ),
    cpu:
      processCpuMs(process.pid) === null
        ? null
        : {
            run: cpuDelta(before, after),
            idle: cpuDelta(idleStart, before),
            idleMs,
            busyMs,
            machine:
              machineBefore && machineAfter
                ? {
                    busy: machineAfter.busy - machineBefore.busy,
                    total: machineAfter.total - machineBefore.total,
                  }
                : null,
          },
    wallMs: lastReply - (sent[0]?.sentAt ?? 0),
    load: [loadBefore, loadavg()[0] ?? NaN],
  };
}

const WINDOW_S = 5;

function p99ByWindow(sent: readonly Sent[], latencies: Map<number, number>): number[] {
  const start = sent[0]?.sentAt ?? 0;
  const windows: number[][] = [];
  for (const message of sent) {
    const latency = latencies.get(message.messageId);
    if (latency === undefined) continue;
    const index = Math.floor((message.sentAt - start) / (WINDOW_S * 1000));
    (windows[index] ??= []).push(latency);
  }
  return [...windows].map((values) => percentile(sortNumbers(values ?? []), 99));
}

const describeRun = (result: RunResult): string[] => {
  const sorted = sortNumbers(result.latencies);
  const lag = sortNumbers(result.sent.map((s) => s.sentAt - s.scheduledAt));
  const acks = sortNumbers(result.sent.flatMap((s) => (s.ackMs === null ? [] : [s.ackMs])));
  const failed = result.sent.filter((s) => s.failed).length;
  const { plan } = result;
  return [
    `load: ${result.sent.length} msgs = ${plan.conversations} conversations × ${plan.turns} msgs, open loop ` +
      `at ${plan.rate} msg/s (sent in ${result.sendSeconds.toFixed(1)} s, sender lag p99 ` +
      `${percentile(lag, 99).toFixed(0)} ms)`,
    `answered: ${sorted.length}/${result.sent.length}, unanswered ${result.unanswered}, webhook errors ${failed}`,
    `p50: ${ms(percentile(sorted, 50))}`,
    `p95: ${ms(percentile(sorted, 95))}`,
    `p99: ${ms(percentile(sorted, 99))}`,
    `max: ${ms(sorted[sorted.length - 1] ?? NaN)}`,
    `p99 by ${WINDOW_S} s of sending: ${result.windows.map((v) => v.toFixed(0)).join(' / ')} ms`,
    `webhook ack (api 200): p50 ${ms(percentile(acks, 50))}, p99 ${ms(percentile(acks, 99))}`,
    ...Object.entries(result.stages).map(([stage, values]) => {
      const s = sortNumbers(values);
      return `stage ${stage}: p50 ${ms(percentile(s, 50))}, p99 ${ms(percentile(s, 99))}`;
    }),
    ...result.handler,
    ...cpuLines(result),
    `machine load average (1 min) before/after the run: ${result.load.map((l) => l.toFixed(1)).join(' / ')} ` +
      `on ${cpus().length} cores (other processes on the machine compete for the same cores)`,
  ];
};

const cpuLines = (result: RunResult): string[] => {
  const cpu = result.cpu;
  if (!cpu) return ['CPU per message: not measured (needs Linux /proc)'];
  const n = result.sent.length;
  // Net of what the process burns when idle over the same time.
  const per = (role: CpuRole): number =>
    Math.max(0, cpu.run[role] - (cpu.idle[role] * cpu.busyMs) / cpu.idleMs) / n;
  const idle = (role: CpuRole): string => `${((100 * cpu.idle[role]) / cpu.idleMs).toFixed(0)}%`;
  const total = per('worker') + per('api') + per('postgres') + per('bench');
  return [
    `CPU per message (net of idle): worker ${ms(per('worker'))}, api ${ms(per('api'))}, ` +
      `postgres ${ms(per('postgres'))} (this database's backends), bench process ${ms(per('bench'))} ` +
      `(load + fake Chatwoot); total ${ms(total)} without Redis (shared server) → ` +
      `${cpus().length} cores carry at most ≈ ${((cpus().length * 1000) / total).toFixed(0)} msg/s`,
    `CPU when idle (no messages, ${(cpu.idleMs / 1000).toFixed(0)} s before the run): worker ${idle('worker')} ` +
      `of a core, api ${idle('api')}, postgres ${idle('postgres')}, bench ${idle('bench')}`,
    `worker process${WORKERS > 1 ? `es (${WORKERS})` : ''} busy ` +
      `${((100 * cpu.run.worker) / result.wallMs / WORKERS).toFixed(0)}% of one core each over ` +
      `the run (one event loop each: ≈ ${((1000 * WORKERS) / per('worker')).toFixed(0)} msg/s at 100%)`,
    ...(cpu.machine
      ? [
          `machine CPU over the run: ${((100 * cpu.machine.busy) / cpu.machine.total).toFixed(0)}% busy ` +
            `(all ${cpus().length} cores), ${((100 * (cpu.run.worker + cpu.run.api + cpu.run.postgres + cpu.run.bench)) / cpu.machine.busy).toFixed(0)}% ` +
            `of that used by this benchmark's processes (the rest: other processes on the machine)`,
        ]
      : []),
  ];
};

interface WorkerPids {
  workers: number[];
  api: number;
  workerPorts: number[];
}

const pidsOf = (workers: TestWorker[], api: number): WorkerPids => ({
  workers: workers.map((worker) => worker.process.child.pid ?? 0),
  api,
  workerPorts: workers.map((worker) => worker.port),
});

/** Runs `body` with BENCH_WORKERS worker processes, stopped afterwards. */
async function withWorkers<T>(
  env: BenchEnv,
  chatwoot: FakeChatwoot,
  extra: Record<string, string>,
  body: (workers: TestWorker[]) => Promise<T>,
): Promise<T> {
  const workers: TestWorker[] = [];
  try {
    for (let i = 0; i < WORKERS; i += 1) {
      workers.push(
        await startBenchWorker(env, chatwoot, {
          // Production defaults where the test harness (test/support/worker.ts) changes them;
          // the reconciler stays off (it polls Chatwoot, which here is the fake).
          DATABASE_POOL_MAX: WORKER_POOL_MAX,
          WORKER_CONCURRENCY,
          ...PRODUCTION_WORKER_TIMINGS,
          CHATWOOT_TIMEOUT_MS: '10000',
          ...extra,
        }),
      );
    }
    return await body(workers);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** A light load (a tenth of the main rate and conversations, 5 turns each, same spacing). */
const lightPlan = (firstConversation: number): Plan => ({
  label: 'light',
  conversations: Math.max(3, Math.round(CONVERSATIONS / 10)),
  turns: Math.min(TURNS, 5),
  rate: Math.max(1, RATE / 10),
  firstConversation,
});

async function endToEnd(): Promise<string[]> {
  const lines: string[] = [];
  const env = await benchEnv();
  const chatwoot = await new FakeChatwoot().start();
  let api: Awaited<ReturnType<typeof startApi>> | null = null;
  const pg = new Client({ connectionString: env.dbUrl });
  const raw = new Redis(env.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const redis = { url: env.redisUrl, keyPrefix: env.keyPrefix, raw } as TestRedis;
  try {
    await raw.connect();
    await seedCatalogue(env);
    api = await startApi(env, {
      CHATWOOT_WEBHOOK_TOKEN: TOKEN,
      CHATWOOT_API_URL: chatwoot.url,
      ...(CPU_PROF_DIR ? { NODE_OPTIONS: `--require ${profilerPreload(CPU_PROF_DIR)}` } : {}),
    });
    await pg.connect();
    const apiUrl = api.url;
    const apiPid = api.process.child.pid ?? 0;

    let profile = '';
    const main: Plan = {
      label: 'main',
      conversations: CONVERSATIONS,
      turns: TURNS,
      rate: RATE,
      firstConversation: 200_000,
    };
    const result = await withWorkers(
      env,
      chatwoot,
      {
        AGENT_BURST_WINDOW_MS: '0',
        ...(CPU_PROF_DIR ? { NODE_OPTIONS: `--require ${profilerPreload(CPU_PROF_DIR)}` } : {}),
      },
      async (workers) => {
        // Warm-up as large as the measured run, on other conversations: a worker that has been
        // running. V8 keeps optimising the hot paths for the first thousand-odd messages, and
        // those messages' tail is the cold-start figure printed here, not the goal's.
        const pids = pidsOf(workers, apiPid);
        const profiled = pids.workers[0] ?? 0;
        const warm = await run(
          apiUrl,
          pg,
          redis,
          chatwoot,
          {
            label: 'warm-up',
            conversations: WARMUP_CONVERSATIONS,
            turns: TURNS,
            rate: RATE,
            firstConversation: 100_000,
          },
          pids,
        );
        const warmSorted = sortNumbers(warm.latencies);
        lines.push(
          `cold worker (warm-up run: ${WARMUP_CONVERSATIONS} conversations × ${TURNS} msgs at ${RATE} msg/s, ` +
            `right after the start): p50 ${ms(percentile(warmSorted, 50))}, p99 ${ms(percentile(warmSorted, 99))}, ` +
            `p99 by ${WINDOW_S} s of sending ${warm.windows.map((w) => w.toFixed(0)).join(' / ')} ms`,
        );
        lines.push(
          `end to end (webhook POST → reply message POST received by the fake Chatwoot), ` +
            `${WORKERS} worker process${WORKERS > 1 ? 'es' : ''} (pid ${pids.workers.join(', ')}, WORKER_CONCURRENCY ${WORKER_CONCURRENCY}, DATABASE_POOL_MAX ${WORKER_POOL_MAX} each), ` +
            `AGENT_BURST_WINDOW_MS=0 (burst merging off, so the window does not add its deliberate delay)`,
        );
        if (CPU_PROF_DIR) {
          // start profiling
          process.kill(profiled, 'SIGUSR2');
          process.kill(pids.api, 'SIGUSR2');
        }
        const measured = await run(apiUrl, pg, redis, chatwoot, main, pids);
        if (CPU_PROF_DIR) {
          process.kill(profiled, 'SIGUSR2'); // stop and write
          process.kill(pids.api, 'SIGUSR2');
          const file = `${resolve(CPU_PROF_DIR)}/worker-${profiled}.cpuprofile`;
          const apiFile = `${resolve(CPU_PROF_DIR)}/api-${pids.api}.cpuprofile`;
          await waitFor(
            () => Promise.resolve(existsSync(file) && existsSync(apiFile)),
            10_000,
          ).catch(() => undefined);
          profile = `  CPU profiles of the main run: ${file}, ${apiFile} (open in Chrome DevTools)`;
        }
        // Light load, same worker: the reference for the burst-window comparison below.
        const light = await run(apiUrl, pg, redis, chatwoot, lightPlan(300_000), pids);
        return { measured, light };
      },
    );
    lines.push(...describeRun(result.measured).map((line) => `  ${line}`));
    if (profile) lines.push(profile);
    const p99 = percentile(sortNumbers(result.measured.latencies), 99);
    const met = p99 <= GOAL_E2E_P99_MS && result.measured.unanswered === 0;
    lines.push(
      `  goal p99 ≤ ${GOAL_E2E_P99_MS} ms on 2 cores: ${met ? 'MET' : 'MISSED'} ` +
        `(p99 ${ms(p99)} on ${cpus().length} cores)`,
    );

    // The default window: every answer waits for the window to close (and merges followers).
    const windowed = await withWorkers(
      env,
      chatwoot,
      { AGENT_BURST_WINDOW_MS: '1500' },
      (workers) => run(apiUrl, pg, redis, chatwoot, lightPlan(400_000), pidsOf(workers, apiPid)),
    );
    const p50 = (r: RunResult): number => percentile(sortNumbers(r.latencies), 50);
    const plan = windowed.plan;
    lines.push(
      `default burst window, at light load (${plan.conversations * plan.turns} msgs = ` +
        `${plan.conversations} conversations × ${plan.turns} at ${plan.rate} msg/s, each run): ` +
        `AGENT_BURST_WINDOW_MS=1500 p50 ${ms(p50(windowed))} vs ${ms(p50(result.light))} with 0 ` +
        `(+${ms(p50(windowed) - p50(result.light))}); p99 ${ms(percentile(sortNumbers(windowed.latencies), 99))} ` +
        `vs ${ms(percentile(sortNumbers(result.light.latencies), 99))}; answered ${windowed.latencies.length} ` +
        `and ${result.light.latencies.length}`,
    );
  } finally {
    httpAgent.destroy();
    await pg.end().catch(() => undefined);
    raw.disconnect();
    if (api) await stop(api.process);
    await chatwoot.stop();
    await env.cleanup();
  }
  return lines;
}

// --- engine alone -------------------------------------------------------------------------

const seededCatalogue = (): TurnCatalogue => ({
  categories: buildSeedPlan()
    .filter((plan) => plan.category.isActive)
    .sort((a, b) => a.category.sortOrder - b.category.sortOrder)
    .map((plan) => ({
      slug: plan.category.slug,
      name: plan.category.name,
      clientType: plan.category.clientType,
      engine: seedEngine(plan.category.slug),
      promptSections: plan.promptSections
        .filter((section) => section.isActive)
        .map(({ sectionType, content }) => ({ sectionType, content })),
    })),
});

interface EngineStats {
  /** Wall time of every call, in call order (the same turn sequence on every pass). */
  samples: Float64Array;
  texts: string[];
  replies: number;
  escalations: number;
}

/** Drives conversations turn by turn as the worker does (state through JSON, effects applied). */
function driveEngine(catalogue: TurnCatalogue, conversations: number): EngineStats {
  const stats: EngineStats = {
    samples: new Float64Array(conversations * TURNS),
    texts: [],
    replies: 0,
    escalations: 0,
  };
  const now = new Date();
  let call = 0;
  for (let c = 0; c < conversations; c += 1) {
    const script = SCRIPTS[c % SCRIPTS.length];
    let state: unknown = null;
    let activeCase: TurnCase | null = null;
    let handedOver = false;
    let customer: TurnCustomer = {
      id: `customer-${c}`,
      firstName: 'Cliente',
      lastName: 'Bench',
      email: null,
      nifCif: null,
      phone: phoneOf(c),
      domicilioCalle: null,
      domicilioLocalidad: null,
      domicilioProvincia: null,
      domicilioCp: null,
      clientType: script.tipo === 'Profesional' ? 'professional' : 'particular',
    };
    for (let turn = 0; turn < TURNS; turn += 1) {
      const text = script.turns[turn] ?? '';
      const input = {
        state,
        conversationId: String(c),
        messages: [{ chatwootMessageId: turn + 1, text, at: now.toISOString(), attachments: [] }],
        customer,
        activeCase,
        handedOver,
        catalogue,
        settings: {
          maxMisunderstandings: 3,
          maxLoopRepeats: 3,
          publicBaseUrl: 'https://api.example.com',
          timezone: 'Europe/Madrid',
        },
        now,
        newId: (purpose: string) => `${c}:${turn}:${purpose}`,
      };
      const t0 = performance.now();
      const output: AgentTurnOutput = decideTurn(input);
      stats.samples[call] = performance.now() - t0;
      stats.texts[call] = text;
      call += 1;
      if (output.reply) stats.replies += 1;
      // The worker stores the state as JSONB and reads it back on the next turn.
      state = JSON.parse(JSON.stringify(output.state)) as unknown;
      for (const effect of output.effects) {
        if (effect.kind === 'create_case') {
          activeCase = {
            id: effect.caseId,
            status: 'collecting',
            imagesByElement: {},
            baseDocImages: 0,
          };
        } else if (effect.kind === 'cancel_case' && activeCase) {
          const cancelled: TurnCase = activeCase;
          activeCase = { ...cancelled, status: 'cancelled' };
        } else if (effect.kind === 'escalate') {
          handedOver = true;
          stats.escalations += 1;
        } else if (effect.kind === 'update_customer') {
          customer = { ...customer, firstName: effect.patch.first_name ?? customer.firstName };
        }
      }
    }
  }
  return stats;
}

const ENGINE_WARMUP_CONVERSATIONS = 300;
const ENGINE_CONVERSATIONS = 600;
const ENGINE_PASSES = 5;

async function engineAlone(): Promise<string[]> {
  const catalogue = seededCatalogue();
  driveEngine(catalogue, ENGINE_WARMUP_CONVERSATIONS); // let V8 optimise the hot paths
  const gc: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gc.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const loadBefore = loadavg()[0] ?? NaN;
  const started = performance.now();
  const passes = Array.from({ length: ENGINE_PASSES }, () =>
    driveEngine(catalogue, ENGINE_CONVERSATIONS),
  );
  const elapsed = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 200)); // GC entries arrive asynchronously
  observer.disconnect();
  const first = passes[0];
  const all = sortNumbers(passes.flatMap((pass) => [...pass.samples]));
  const mean = all.reduce((sum, value) => sum + value, 0) / all.length;
  // Each pass decides the same turns: the fastest of the passes per turn is the engine's own
  // cost, without the GC pauses and CPU preemption the wall clock picks up on a busy machine.
  const fastest = Array.from(first.samples, (_, i) =>
    Math.min(...passes.map((pass) => pass.samples[i] ?? Infinity)),
  );
  const fastestSorted = sortNumbers(fastest);
  const byText = new Map<string, number[]>();
  fastest.forEach((value, i) => {
    const text = first.texts[i] ?? '';
    const list = byText.get(text);
    if (list) list.push(value);
    else byText.set(text, [value]);
  });
  const [slowText, slowSamples] = [...byText.entries()]
    .map(([text, values]) => [text, sortNumbers(values)] as const)
    .sort((a, b) => percentile(b[1], 99) - percentile(a[1], 99))[0] ?? ['', []];
  const p99 = percentile(all, 99);
  const ownP99 = percentile(fastestSorted, 99);
  return [
    `engine alone: decideTurn on the seeded catalogue (motos-part + aseicars-prof), ` +
      `${ENGINE_WARMUP_CONVERSATIONS * TURNS} warm-up turns first`,
    `  turns: ${all.length} (${ENGINE_PASSES} passes × ${ENGINE_CONVERSATIONS} conversations × ${TURNS}; ` +
      `per pass ${first.replies} replies, ${first.escalations} hand-overs; ${(all.length / (elapsed / 1000)).toFixed(0)} turns/s with the JSON state round trip)`,
    `  mean: ${ms(mean)}`,
    `  p50: ${ms(percentile(all, 50))}`,
    `  p99: ${ms(p99)}`,
    `  max: ${ms(all[all.length - 1] ?? NaN)}`,
    `  GC during the measurement: ${gc.length} pauses, ${gc.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, longest ${ms(Math.max(0, ...gc))}`,
    `  engine's own cost (per turn, fastest of the ${ENGINE_PASSES} passes): p50 ${ms(percentile(fastestSorted, 50))}, ` +
      `p99 ${ms(ownP99)}, max ${ms(fastestSorted[fastestSorted.length - 1] ?? NaN)}; ` +
      `slowest turn "${slowText}" p99 ${ms(percentile(slowSamples, 99))}`,
    `  machine load average (1 min): ${loadBefore.toFixed(1)} on ${cpus().length} cores`,
    `  goal ≤ ${GOAL_ENGINE_MS} ms per call: ${p99 <= GOAL_ENGINE_MS ? 'MET' : ownP99 <= GOAL_ENGINE_MS ? "MET by the engine's own cost (p99), wall-clock p99 over it" : 'MISSED'} ` +
      `(wall p99 ${ms(p99)}, mean ${ms(mean)}, own-cost p99 ${ms(ownP99)})`,
  ];
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${arch()}, ${cpus().length} cores (os.cpus().length)`);
  for (const line of await engineAlone()) console.log(line);
  for (const line of await endToEnd()) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
