/* npm run bench:llm — the customer agent with the optional language model on, against a local
 * fake OpenAI-compatible server that takes BENCH_LLM_LATENCY_MS (500) per request. Two requests
 * per turn (interpretation and phrasing).
 * BENCH_CONVERSATIONS (200) conversations send one message each, all at once, through the real
 * api and real worker processes with the deployed timings; latency = webhook POST → the
 * reply's first message POST received by the fake Chatwoot. Measured after warm-up bursts of
 * the same size (a worker that has been running), whose p50/max are printed too. Goal: all
 * answered within 2 s on 2 cores, i.e. conversations wait for the model in parallel and the
 * wait holds no database connection or transaction.
 * The wording of the rule-based reply is requested while the model reads the message and kept
 * when the reading agrees (the fake model agrees), so an answer usually waits one model round;
 * BENCH_SPECULATIVE_PHRASING=0 waits for the reading first (two rounds).
 * Knobs: BENCH_CONVERSATIONS, BENCH_LLM_LATENCY_MS, BENCH_WORKERS (1), BENCH_WARMUP_BURSTS (5),
 * BENCH_WORKER_CONCURRENCY (256), BENCH_WORKER_POOL_MAX (10), BENCH_CPU_PROF_DIR (CPU profiles
 * of the workers and the api over the measured burst). Throw-away database and Redis prefix;
 * figures only. */
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { incomingEvent } from '../test/support/chatwoot-events';
import { FakeChatwoot } from '../test/support/fake-chatwoot';
import { FakeLlm } from '../test/support/fake-llm';
import { waitFor } from '../test/support/process';
import { TestWorker } from '../test/support/worker';
import {
  BenchEnv,
  benchEnv,
  cpuDelta,
  CpuRole,
  cpuSnapshot,
  percentile,
  PRODUCTION_WORKER_TIMINGS,
  profilerPreload,
  seedCatalogue,
  startApi,
  startBenchWorker,
  stop,
} from './support';

/* eslint-disable no-restricted-syntax -- benchmark knobs */
const knob = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const CONVERSATIONS = knob('BENCH_CONVERSATIONS', 200);
const LLM_LATENCY_MS = knob('BENCH_LLM_LATENCY_MS', 500);
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? '256';
const WORKER_POOL_MAX = process.env.BENCH_WORKER_POOL_MAX ?? '10';
const WORKERS = knob('BENCH_WORKERS', 1);
const WARMUP_BURSTS = knob('BENCH_WARMUP_BURSTS', 5);
/** BENCH_LLM=0: the same run with the model off (the rule-based engine alone), for comparison. */
const WITH_LLM = process.env.BENCH_LLM !== '0';
const SPECULATIVE_PHRASING = process.env.BENCH_SPECULATIVE_PHRASING !== '0';
/** BENCH_CPU_PROF_DIR: write CPU profiles of the worker and the api over the measured burst. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR ?? '';
/* eslint-enable no-restricted-syntax */
const GOAL_MS = 2000;
const TOKEN = 'bench-llm-webhook-token-0123456789';
const MESSAGE = 'Hola, quiero homologar el escape de mi moto, ¿cuánto cuesta?';

const httpAgent = new Agent({ keepAlive: true, maxSockets: 256 });

const post = (url: string, body: string): Promise<number> =>
  new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent: httpAgent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 500));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });

/** Sends one message per conversation at once; ms from send to the first public reply POST. */
async function burst(
  apiUrl: string,
  chatwoot: FakeChatwoot,
  first: number,
  count: number,
): Promise<{
  latencies: number[];
  unanswered: number;
  wallMs: number;
  sentAt: Map<number, number>;
  repliedAt: Map<number, number>;
}> {
  const sentAt = new Map<number, number>();
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const conversationId = first + index;
      sentAt.set(conversationId, Date.now());
      const status = await post(
        `${apiUrl}/webhook/chatwoot/${TOKEN}`,
        JSON.stringify(
          incomingEvent({
            id: conversationId * 10,
            conversationId,
            content: MESSAGE,
            contactId: conversationId,
            phone: `+346${String(conversationId % 100_000_000).padStart(8, '0')}`,
            name: 'Cliente Bench',
            attributes: { tipo: 'Particular' },
          }),
        ),
      );
      if (status >= 300) sentAt.delete(conversationId);
    }),
  );
  const firstReply = (): Map<number, number> => {
    const at = new Map<number, number>();
    for (const r of chatwoot.requests) {
      const found = /\/conversations\/(\d+)\/messages$/.exec(r.path);
      const body = r.body as { private?: unknown } | null;
      if (r.method !== 'POST' || !found || body?.private !== false) continue;
      const id = Number(found[1]);
      if (sentAt.has(id) && !at.has(id)) at.set(id, r.at);
    }
    return at;
  };
  await waitFor(() => Promise.resolve(firstReply().size >= sentAt.size), 60_000, 50).catch(
    () => undefined,
  );
  const replies = firstReply();
  const latencies = [...replies].map(([id, at]) => at - (sentAt.get(id) ?? at));
  return {
    latencies: latencies.sort((a, b) => a - b),
    unanswered: count - replies.size,
    wallMs: Math.max(...replies.values()) - t0,
    sentAt,
    repliedAt: replies,
  };
}

/** Where the time goes: webhook → stored, stored → turn transaction start, → reply POST. */
async function stages(
  env: BenchEnv,
  sentAt: Map<number, number>,
  repliedAt: Map<number, number>,
): Promise<string[]> {
  const pg = new Client({ connectionString: env.dbUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ conversation_id: string; stored: Date; turn: Date }>(
      `SELECT h.conversation_id, m.created_at AS stored, m.agent_turn_at AS turn
         FROM conversation_messages m
         JOIN conversation_history h ON h.id = m.conversation_history_id
        WHERE m.role = 'user' AND h.conversation_id = ANY($1)`,
      [[...sentAt.keys()].map(String)],
    );
    const out: Record<string, number[]> = {
      'webhook → message stored': [],
      'stored → turn transaction start (model wait is here)': [],
      'turn transaction start → reply POST': [],
    };
    for (const row of rows) {
      const id = Number(row.conversation_id);
      const sent = sentAt.get(id);
      const replied = repliedAt.get(id);
      if (sent === undefined || replied === undefined || !row.turn) continue;
      const stored = new Date(row.stored).getTime();
      const turn = new Date(row.turn).getTime();
      out['webhook → message stored']?.push(stored - sent);
      out['stored → turn transaction start (model wait is here)']?.push(turn - stored);
      out['turn transaction start → reply POST']?.push(replied - turn);
    }
    return Object.entries(out).map(([label, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return `  ${label.padEnd(54)} p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms`;
    });
  } finally {
    await pg.end();
  }
}

/** CPU per answered message by process, over the measured burst (Linux /proc). */
const cpuLine = (cpu: Record<CpuRole, number>, messages: number): string => {
  const per = (role: CpuRole): string => `${(cpu[role] / messages).toFixed(1)} ms`;
  const total = (cpu.worker + cpu.api + cpu.postgres + cpu.bench) / messages;
  return (
    `CPU per message: worker ${per('worker')}, api ${per('api')}, postgres ${per('postgres')}, ` +
    `bench process ${per('bench')} (load, fake Chatwoot, fake LLM); total ${total.toFixed(1)} ms → ` +
    `${((total * messages) / 1000 / cpus().length).toFixed(2)} s of ${cpus().length} cores for the burst`
  );
};

async function main(): Promise<void> {
  const env = await benchEnv();
  const chatwoot = await new FakeChatwoot().start();
  const llm = await new FakeLlm().start();
  let api: Awaited<ReturnType<typeof startApi>> | null = null;
  try {
    await seedCatalogue(env);
    const profiling: Record<string, string> = CPU_PROF_DIR
      ? { NODE_OPTIONS: `--require ${profilerPreload(CPU_PROF_DIR)}` }
      : {};
    api = await startApi(env, {
      CHATWOOT_WEBHOOK_TOKEN: TOKEN,
      CHATWOOT_API_URL: chatwoot.url,
      ...profiling,
    });
    const workerEnv: Record<string, string> = {
      // The deployed stream, cache and retry timings, not the test harness's short ones.
      ...PRODUCTION_WORKER_TIMINGS,
      CHATWOOT_TIMEOUT_MS: '10000',
      DATABASE_POOL_MAX: WORKER_POOL_MAX,
      WORKER_CONCURRENCY,
      AGENT_BURST_WINDOW_MS: '0',
      DELIVERY_IMAGE_GAP_MS: '5000',
      ...profiling,
      ...(WITH_LLM
        ? {
            LLM_BASE_URL: llm.url,
            LLM_MODEL: 'fake-bench',
            LLM_TIMEOUT_MS: '5000',
            LLM_TURN_BUDGET_MS: '8000',
            LLM_SPECULATIVE_PHRASING: String(SPECULATIVE_PHRASING),
          }
        : {}),
    };
    const workers: TestWorker[] = [];
    try {
      for (let i = 0; i < WORKERS; i += 1) {
        workers.push(await startBenchWorker(env, chatwoot, workerEnv));
      }
      llm.latencyMs = LLM_LATENCY_MS;
      // Warm-up bursts of the same size on other conversations: the first ones after a start
      // also pay V8's optimising compiler (a fifth of the worker's CPU in the first burst).
      const warmUp: string[] = [];
      for (let round = 0; round < WARMUP_BURSTS; round += 1) {
        const warm = await burst(api.url, chatwoot, 100_000 + round * 10_000, CONVERSATIONS);
        warmUp.push(
          `${percentile(warm.latencies, 50)}/${warm.latencies[warm.latencies.length - 1] ?? NaN}`,
        );
      }
      llm.reset();
      llm.latencyMs = LLM_LATENCY_MS;
      const load = loadavg();
      const pg = new Client({ connectionString: env.dbUrl });
      await pg.connect();
      const pids = {
        workers: workers.map((worker) => worker.process.child.pid ?? 0),
        api: api.process.child.pid ?? 0,
      };
      const profiled = [...pids.workers, pids.api];
      // The first SIGUSR2 starts each profiler, the second writes its profile.
      if (CPU_PROF_DIR) profiled.forEach((pid) => process.kill(pid, 'SIGUSR2'));
      const cpuBefore = await cpuSnapshot(pg, pids);
      const result = await burst(api.url, chatwoot, 200_000, CONVERSATIONS);
      const cpu = cpuDelta(cpuBefore, await cpuSnapshot(pg, pids));
      if (CPU_PROF_DIR) profiled.forEach((pid) => process.kill(pid, 'SIGUSR2'));
      await pg.end();
      const sorted = result.latencies;
      const within = sorted.filter((ms) => ms <= GOAL_MS).length;
      const interpret = llm.requestsOf('interpret').length;
      const phrase = llm.requestsOf('phrase').length;
      const lines = [
        `bench:llm — ${CONVERSATIONS} conversations × 1 message at once, ` +
          (WITH_LLM
            ? `fake LLM ${LLM_LATENCY_MS} ms/request, wording ` +
              (SPECULATIVE_PHRASING ? 'asked with the reading' : 'asked after the reading')
            : 'LLM OFF (BENCH_LLM=0)'),
        `machine: ${cpus().length} cores, load before ${load.map((l) => l.toFixed(2)).join(' ')}; ` +
          `${WORKERS} worker process${WORKERS > 1 ? 'es' : ''}: ` +
          `WORKER_CONCURRENCY=${WORKER_CONCURRENCY}, DATABASE_POOL_MAX=${WORKER_POOL_MAX} each`,
        `warm-up: ${WARMUP_BURSTS} bursts of ${CONVERSATIONS} (p50/max ms: ${warmUp.join(', ') || 'none'}), ` +
          `then the measured burst`,
        `LLM requests: ${interpret} interpretation + ${phrase} phrasing, at most ${llm.maxInFlight} at once`,
        `answered: ${sorted.length}/${CONVERSATIONS} (unanswered ${result.unanswered}); ` +
          `within ${GOAL_MS} ms: ${within}/${CONVERSATIONS}`,
        `webhook → reply: p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, ` +
          `p99 ${percentile(sorted, 99)} ms, max ${sorted[sorted.length - 1] ?? NaN} ms; ` +
          `all answered ${result.wallMs} ms after the first send`,
        `goal (all within ${GOAL_MS} ms): ${within === CONVERSATIONS ? 'met' : 'NOT met'}`,
        cpuLine(cpu, CONVERSATIONS),
      ];
      lines.push(...(await stages(env, result.sentAt, result.repliedAt)));
      console.log(lines.join('\n'));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  } finally {
    if (api) await stop(api.process);
    await llm.stop();
    await chatwoot.stop();
    await env.cleanup();
    httpAgent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
