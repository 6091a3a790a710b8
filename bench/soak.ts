/* npm run bench:soak — the api and ONE real worker process under a steady stream of customer
 * messages: RATE webhook messages per second (open loop: each message is sent at its scheduled
 * time, whatever happened to the previous ones) for --duration seconds over CONVERSATIONS
 * concurrent conversations, every message answered by the customer agent, replies delivered to a
 * local fake Chatwoot. Loopback only; a throw-away database and Redis prefix; bounded in time
 * (load, then at most --drain seconds for the worker to catch up).
 *
 * Prints: webhook ack p50/p99 per minute (goal p99 ≤ 50 ms), replies written and delivered vs
 * messages, backlog of both streams (pending + lag) and api/worker RSS every 30 s (goal: flat
 * after warm-up), and the worker's drain rate. Figures only, never assertions.
 *
 *   --duration S       load duration (default 300)
 *   --rate N           messages per second (default 200)
 *   --conversations N  conversations written to at once (default 1000)
 *   --concurrency N    WORKER_CONCURRENCY (default 32, the worker's default)
 *   --drain S          longest wait for the worker to catch up after the load (default 300)
 *   --cpu-prof         profile the api and the worker (node --cpu-prof) and print where their
 *                      CPU time goes
 *   --transcripts N    print the first N conversations as the fake Chatwoot saw them
 *   --no-vacuum        on a server with autovacuum off, do not run VACUUM (ANALYZE) every 30 s
 *                      in its place (production servers keep autovacuum on)
 *   --explain-ms N     log the plan of every statement slower than N ms (PostgreSQL's
 *                      auto_explain, loaded for this database only) to the server's log
 *   --log-level L      LOG_LEVEL of the api and the worker (default info, as deployed); their
 *                      output goes to files, as a container runtime's log driver takes it
 */
import {
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { StreamName } from '@app/domain';
import { incomingEvent } from '../test/support/chatwoot-events';
import { FakeChatwoot, RecordedRequest } from '../test/support/fake-chatwoot';
import { waitFor } from '../test/support/process';
import {
  argFlag,
  argValue,
  benchEnv,
  percentile,
  PRODUCTION_WORKER_TIMINGS,
  rssMiB,
  seedCatalogue,
  startApi,
  startBenchWorker,
  stop,
} from './support';

const TOKEN = 'bench-soak-webhook-token-0123456789';
const DURATION_S = Number(argValue('duration', '300'));
const RATE = Number(argValue('rate', '200'));
const CONVERSATIONS = Number(argValue('conversations', '1000'));
const CONCURRENCY = argValue('concurrency', '32');
const DRAIN_S = Number(argValue('drain', '300'));
const PROFILE = argFlag('cpu-prof');
const TRANSCRIPTS = Number(argValue('transcripts', '0'));
const EXPLAIN_MS = argValue('explain-ms', '');
const NO_VACUUM = argFlag('no-vacuum');
const LOG_LEVEL = argValue('log-level', 'info');
const VACUUM_EVERY_MS = 30_000;
const ACK_GOAL_MS = 50;
const REPORT_EVERY_MS = 30_000;

/**
 * What customers write, one script per conversation, sent one message per turn. Spanish
 * WhatsApp style (typos, no accents, emojis). Each script stays within what the agent answers
 * itself (no request for a person), so every message should get a reply.
 */
const SCRIPTS: { tipo?: 'Profesional'; say: string[] }[] = [
  {
    say: [
      'hola buenas',
      'quiero homologar el escape de mi moto',
      'el precio lleva iva?',
      'cuanto tardais mas o menos?',
      'vale, me lo pienso. muchas gracias',
    ],
  },
  {
    say: [
      'buenas tardes',
      'kiero legalizar el escape y el manillar d mi moto',
      'que documentacion hace falta?',
      'no gracias, mejor no',
      'gracias, un saludo',
    ],
  },
  {
    say: [
      'hola',
      'cuanto cuesta homologar el subchasis de la moto?',
      'vale, adelante 👍',
      'que fotos tengo que mandar?',
      'mejor lo dejo para mas adelante, quiero cancelar el expediente',
      'si',
    ],
  },
  {
    tipo: 'Profesional',
    say: [
      'buenos dias, tengo una autocaravana',
      'quiero homologar unas placas solares y un toldo lateral',
      'eso incluye el iva?',
      'perfecto, lo hablo con el cliente y os digo',
      'gracias',
    ],
  },
  {
    say: [
      'hola que tal',
      'cuanto me costaria legalizar los intermitentes y el faro de la moto',
      'hay urgencia? lo necesito rapido',
      'ok gracias, hasta luego',
    ],
  },
];

const FIRST_CONVERSATION = 500_000;
const FIRST_MESSAGE = 10_000_000;

interface Slot {
  conversationId: number;
  script: number;
  step: number;
  name: string;
  phone: string;
  contactId: number;
}

interface Minute {
  acks: number[];
  /** Time from the scheduled send to the ack (includes the sender's own delay). */
  fromSchedule: number[];
  statuses: Map<string, number>;
  errors: number;
  replyLatencies: number[];
  /** This process's event-loop delay (ms): a busy load generator delays the acks it measures. */
  loopP99?: number;
  loopMax?: number;
  /** Webhook calls the api itself timed (its request-duration histogram), and those ≤ 50 ms. */
  server?: { calls: number; withinGoal: number };
}

interface TableStats {
  table: string;
  seqScans: number;
  seqRows: number;
  indexScans: number;
  live: number;
  dead: number;
  autovacuums: number;
  autoanalyzes: number;
}

const NAMES = ['Juan Pérez García', 'María López', 'Antonio Ruiz', 'Lucía Fernández', 'Jordi Puig'];

function slotFor(index: number): Slot {
  return {
    conversationId: FIRST_CONVERSATION + index,
    script: index % SCRIPTS.length,
    step: 0,
    name: NAMES[index % NAMES.length] ?? 'Cliente',
    phone: `+3461${String(index).padStart(7, '0')}`,
    contactId: 900_000 + index,
  };
}

// Idle sockets are closed after 4 s, before the api's keep-alive timeout (Node's 5 s) closes
// them under a request being written (ECONNRESET).
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });

function post(url: string, body: string): Promise<{ ms: number; status: number; outcome: string }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          let outcome = `HTTP ${res.statusCode}`;
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { status?: string };
            if (res.statusCode === 200 && parsed.status) outcome = parsed.status;
          } catch {
            // not JSON: keep the status code
          }
          resolve({
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            status: res.statusCode ?? 0,
            outcome,
          });
        });
      },
    );
    req.on('error', (error) => resolve({ ms: NaN, status: 0, outcome: error.message }));
    req.end(body);
  });
}

/** pending + lag of the consumer groups of a stream (what is left to do). */
async function backlog(redis: Redis, key: string): Promise<{ pending: number; lag: number }> {
  if (!(await redis.exists(key))) return { pending: 0, lag: 0 };
  const groups = (await redis.xinfo('GROUPS', key)) as unknown[][];
  let pending = 0;
  let lag = 0;
  for (const group of groups) {
    const info: Record<string, unknown> = {};
    for (let i = 0; i < group.length; i += 2) info[String(group[i])] = group[i + 1];
    pending += Number(info.pending ?? 0);
    lag += Number(info.lag ?? 0);
  }
  return { pending, lag };
}

/** Reply deliveries whose first step (the reply text) reached Chatwoot. */
async function deliveredReplies(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let delivered = 0;
  do {
    const [next, keys] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix}delivery:progress:reply:*`,
      'COUNT',
      2000,
    );
    cursor = next;
    if (keys.length > 0) {
      const pipeline = redis.pipeline();
      keys.forEach((key) => pipeline.hget(key, 'done'));
      const results = (await pipeline.exec()) ?? [];
      delivered += results.filter(([, done]) => Number(done) >= 1).length;
    }
  } while (cursor !== '0');
  return delivered;
}

const fmt = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '—';

/** utime + stime of a process in ms (0 once it is gone). */
const cpuMs = (pid: number | undefined): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
};

/** Self time of a V8 CPU profile grouped by where the code lives, and the top functions. */
function summariseProfile(name: string, file: string): void {
  interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
    endTime: number;
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
  });
  const area = (url: string, name: string): string => {
    if (!url) return name.startsWith('(') ? name : '(native / V8 builtins)';
    const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (modules) return `node_modules/${modules[1]}`;
    if (url.startsWith('node:')) return 'node: core';
    const app = /\/(apps\/[^/]+\/src\/[^/]+|libs\/[^/]+\/src(?:\/[^/]+)?)/.exec(url);
    return app?.[1] ?? url;
  };
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += micros;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const where = area(url, functionName);
    areas.set(where, (areas.get(where) ?? 0) + micros);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|apps|libs)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const busy = total - idle;
  console.log(
    `\n${name} CPU profile (${file}): ${fmt(total / 1e6, 0)} s sampled, busy ${fmt(busy / 1e6, 0)} s ` +
      `(${fmt((100 * busy) / Math.max(total, 1), 0)} %), idle ${fmt(idle / 1e6, 0)} s`,
  );
  console.log('self time by area (share of busy time):');
  [...areas.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 18)
    .forEach(([where, micros]) =>
      console.log(`  ${fmt((100 * micros) / busy).padStart(5)} %  ${where}`),
    );
  console.log('top functions by self time:');
  [...functions.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .forEach(([fn, micros]) => console.log(`  ${fmt((100 * micros) / busy).padStart(5)} %  ${fn}`));
}

/** Size, line count and warn-or-worse lines (their messages) of a process's log file. */
async function logSummary(
  path: string,
): Promise<{ bytes: number; lines: number; warnings: string[] }> {
  const bytes = statSync(path).size;
  let lines = 0;
  const warnings: string[] = [];
  let rest = '';
  const take = (line: string): void => {
    if (!line) return;
    lines += 1;
    // pino lines start with their numeric level: 40 warn, 50 error, 60 fatal.
    const level = /^\{"level":(\d+)/.exec(line)?.[1];
    if (level !== undefined && Number(level) < 40) return;
    let entry = line;
    try {
      entry = (JSON.parse(line) as { msg?: string }).msg ?? line;
    } catch {
      // not a pino line (a stack trace on stderr, say)
    }
    warnings.push(entry);
    if (warnings.length > 50) warnings.shift();
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const parts = (rest + String(chunk)).split('\n');
    rest = parts.pop() ?? '';
    parts.forEach(take);
  }
  take(rest);
  return { bytes, lines, warnings };
}

async function main(): Promise<void> {
  console.log(
    `bench:soak — ${availableParallelism()} cores, Node ${process.version}; ${RATE} msg/s for ${DURATION_S} s ` +
      `over ${CONVERSATIONS} conversations, 1 worker (WORKER_CONCURRENCY ${CONCURRENCY}), open-loop schedule`,
  );
  const env = await benchEnv();
  const storage = mkdtempSync(join(tmpdir(), 'msia-soak-'));
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'msia-soak-profile-')) : '';
  const apiProfileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'msia-soak-api-profile-')) : '';
  const chatwoot = await new FakeChatwoot().start();
  const redis = new Redis(env.redisUrl);
  const pg = new Client({ connectionString: env.dbUrl });
  await pg.connect();
  await seedCatalogue(env);
  const { rows: autovacuum } = await pg.query<{ autovacuum: string }>(`SHOW autovacuum`);
  // Every message updates its customer's and its conversation's rows: without vacuum, dead row
  // versions pile up in those tables and their indexes, which no production server allows.
  const standInVacuum = autovacuum[0]?.autovacuum === 'off' && !NO_VACUUM;
  console.log(
    `PostgreSQL autovacuum: ${autovacuum[0]?.autovacuum ?? '?'}` +
      (standInVacuum
        ? `; the bench runs VACUUM (ANALYZE) every ${VACUUM_EVERY_MS / 1000} s in its place (--no-vacuum: don't)`
        : ''),
  );
  // Its own connection, so the reports' queries never wait behind a VACUUM.
  const vacuumClient = standInVacuum ? new Client({ connectionString: env.dbUrl }) : null;
  await vacuumClient?.connect();
  let vacuuming: Promise<unknown> = Promise.resolve();
  const vacuumTimer = vacuumClient
    ? setInterval(() => {
        vacuuming = vacuuming
          .then(() => vacuumClient.query('VACUUM (ANALYZE)'))
          .catch(() => undefined);
      }, VACUUM_EVERY_MS)
    : undefined;
  if (EXPLAIN_MS) {
    // Applies to the connections opened from now on: the api's and the worker's pools.
    const database = pg.escapeIdentifier(new URL(env.dbUrl).pathname.slice(1));
    await pg.query(`ALTER DATABASE ${database} SET session_preload_libraries = 'auto_explain'`);
    await pg.query(
      `ALTER DATABASE ${database} SET auto_explain.log_min_duration = ${Number(EXPLAIN_MS)}`,
    );
  }

  const logFiles = { api: join(storage, 'api.log'), worker: join(storage, 'worker.log') };
  const api = await startApi(
    env,
    {
      LOG_LEVEL,
      CHATWOOT_WEBHOOK_TOKEN: TOKEN,
      CHATWOOT_API_URL: chatwoot.url,
    },
    PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${apiProfileDir}`] : [],
    { logFile: logFiles.api },
  );
  // The worker as deployed (production mode, default stream and agent settings), wired to the
  // fake Chatwoot like the tests' workers.
  const worker = await startBenchWorker(
    env,
    chatwoot,
    {
      LOG_LEVEL,
      DATABASE_POOL_MAX: '10',
      WORKER_CONCURRENCY: CONCURRENCY,
      ...PRODUCTION_WORKER_TIMINGS,
      RECONCILER_ENABLED: 'true',
      SHUTDOWN_TIMEOUT_MS: '15000',
      AGENT_BURST_WINDOW_MS: '1500',
      STORAGE_LOCAL_ROOT: storage,
    },
    {
      nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      logFile: logFiles.worker,
      // Past its own shutdown timeout: a profiled worker writes its profile on the way out.
      stopGraceMs: 30_000,
    },
  );
  const workerChild = worker.process.child;
  const workerEnded = () => workerChild.exitCode !== null || workerChild.signalCode !== null;
  const apiPid = api.process.child.pid;
  const workerPid = workerChild.pid;
  console.log(`api pid ${apiPid}, worker pid ${workerPid}, fake Chatwoot ${chatwoot.url}`);

  // --- replies as the fake Chatwoot sees them ------------------------------------------
  const awaiting = new Map<number, number>(); // conversation → send time of an unanswered message
  let chatwootMessages = 0;
  let minuteIndex = 0;
  const minutes: Minute[] = [];
  const minute = (index: number): Minute => {
    let bucket = minutes[index];
    if (!bucket) {
      bucket = { acks: [], fromSchedule: [], statuses: new Map(), errors: 0, replyLatencies: [] };
      minutes[index] = bucket;
    }
    return bucket;
  };
  // The api's own timing of the webhook route (http_request_duration_seconds), cumulative.
  const webhookTimings = async (): Promise<{ calls: number; withinGoal: number }> => {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    let calls = 0;
    let withinGoal = 0;
    for (const line of text.split('\n')) {
      if (!line.includes('route="/webhook/chatwoot/')) continue;
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (line.startsWith('http_request_duration_seconds_count{')) calls += value;
      else if (
        line.startsWith('http_request_duration_seconds_bucket{') &&
        line.includes(`le="${ACK_GOAL_MS / 1000}"`)
      )
        withinGoal += value;
    }
    return { calls, withinGoal };
  };
  const transcriptIds = new Set<number>();
  const transcript: RecordedRequest[] = [];
  const drainRequests = (): void => {
    const batch = chatwoot.requests.splice(0, chatwoot.requests.length);
    for (const req of batch) {
      const match = /\/conversations\/(\d+)\/messages$/.exec(req.path);
      if (!match || req.method !== 'POST') continue;
      const conversationId = Number(match[1]);
      const isPrivate = (req.body as { private?: boolean } | null)?.private === true;
      if (transcriptIds.has(conversationId)) transcript.push(req);
      if (isPrivate) continue;
      chatwootMessages += 1;
      const sentAt = awaiting.get(conversationId);
      if (sentAt !== undefined) {
        minute(minuteIndex).replyLatencies.push(req.at - sentAt);
        awaiting.delete(conversationId);
      }
    }
  };

  // --- periodic report -------------------------------------------------------------------
  const counts = async () => {
    const { rows } = await pg.query<{ role: string; n: string }>(
      `SELECT role, count(*) AS n FROM conversation_messages GROUP BY role`,
    );
    const of = (role: string) => Number(rows.find((row) => row.role === role)?.n ?? 0);
    return { stored: of('user'), replies: of('assistant') };
  };
  let sent = 0;
  let acked = 0;
  let started = Date.now();
  let lastStored = 0;
  let lastReport = started;
  const rss: { api: number[]; worker: number[] } = { api: [], worker: [] };
  // CPU of the api, the worker and the database's backends (pool connections, per pid).
  const pgCpu = new Map<number, number>();
  const pgCpuTotal = async (): Promise<number> => {
    const { rows } = await pg.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
    );
    for (const { pid } of rows) pgCpu.set(pid, Math.max(pgCpu.get(pid) ?? 0, cpuMs(pid)));
    return [...pgCpu.values()].reduce((a, b) => a + b, 0);
  };
  const cpu = { api: 0, worker: 0, pg: 0 };
  const cpuAtLoadStart = { api: 0, worker: 0, pg: 0, stored: 0, sent: 0 };
  // Rows read by sequential scans and dead rows per table: a statement whose cost grows with a
  // table, or a table autovacuum does not keep up with, shows here.
  const tableStats = async () => {
    const { rows } = await pg.query<TableStats>(
      `SELECT relname AS "table", seq_scan::float8 AS "seqScans", seq_tup_read::float8 AS "seqRows",
              coalesce(idx_scan, 0)::float8 AS "indexScans", n_live_tup::float8 AS "live",
              n_dead_tup::float8 AS "dead", autovacuum_count::float8 AS "autovacuums",
              autoanalyze_count::float8 AS "autoanalyzes"
       FROM pg_stat_user_tables`,
    );
    return new Map(rows.map((row) => [row.table, row]));
  };
  let tablesAtLoadStart = new Map<string, TableStats>();
  const sampleCpu = async () => {
    const now = { api: cpuMs(apiPid), worker: cpuMs(workerPid), pg: await pgCpuTotal() };
    const delta = { api: now.api - cpu.api, worker: now.worker - cpu.worker, pg: now.pg - cpu.pg };
    Object.assign(cpu, now);
    return delta;
  };
  console.log(
    `\n${'t (s)'.padStart(6)} ${'sent'.padStart(7)} ${'acked'.padStart(7)} ${'stored'.padStart(7)} ` +
      `${'drain/s'.padStart(7)} ${'replies'.padStart(7)} ${'cw msgs'.padStart(7)}  ` +
      `${'in: pend'.padStart(8)} ${'lag'.padStart(6)}  ${'out: pend'.padStart(9)} ${'lag'.padStart(6)}  ` +
      `${'api MB'.padStart(6)} ${'wrk MB'.padStart(6)}  ${'cpu%: api'.padStart(9)} ${'wrk'.padStart(4)} ${'pg'.padStart(4)} ${'load'.padStart(5)}`,
  );
  const report = async (): Promise<{ backlog: number }> => {
    drainRequests();
    const now = Date.now();
    const { stored, replies } = await counts();
    const incoming = await backlog(redis, `${env.keyPrefix}${StreamName.INCOMING_MESSAGES}`);
    const outgoing = await backlog(redis, `${env.keyPrefix}${StreamName.OUTGOING_MESSAGES}`);
    if (workerEnded()) {
      throw new Error(
        `the worker exited during the soak:\n${worker.process.output().slice(-3000)}`,
      );
    }
    const apiRss = rssMiB(apiPid);
    const workerRss = rssMiB(workerPid);
    rss.api.push(apiRss);
    rss.worker.push(workerRss);
    const spent = await sampleCpu();
    const interval = Math.max(1, now - lastReport);
    const pct = (ms: number) => fmt((100 * ms) / interval, 0).padStart(4);
    const drain = ((stored - lastStored) * 1000) / Math.max(1, now - lastReport);
    lastStored = stored;
    lastReport = now;
    console.log(
      `${String(Math.round((now - started) / 1000)).padStart(6)} ${String(sent).padStart(7)} ${String(acked).padStart(7)} ` +
        `${String(stored).padStart(7)} ${fmt(drain, 0).padStart(7)} ${String(replies).padStart(7)} ${String(chatwootMessages).padStart(7)}  ` +
        `${String(incoming.pending).padStart(8)} ${String(incoming.lag).padStart(6)}  ` +
        `${String(outgoing.pending).padStart(9)} ${String(outgoing.lag).padStart(6)}  ` +
        `${fmt(apiRss, 0).padStart(6)} ${fmt(workerRss, 0).padStart(6)}  ${pct(spent.api).padStart(9)} ${pct(spent.worker)} ${pct(spent.pg)} ` +
        `${fmt(loadavg()[0] ?? NaN).padStart(5)}`,
    );
    return { backlog: incoming.pending + incoming.lag + outgoing.pending + outgoing.lag };
  };

  // Warm-up (not in the per-minute figures): one greeting in each of WARMUP conversations.
  const warmup = Math.min(200, RATE * 10);
  await Promise.all(
    Array.from({ length: warmup }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * 10_000) / warmup));
      const conversationId = FIRST_CONVERSATION - 1 - index;
      await post(
        `${api.url}/webhook/chatwoot/${TOKEN}`,
        JSON.stringify(
          incomingEvent({ id: FIRST_MESSAGE - 1 - index, conversationId, content: 'hola buenas' }),
        ),
      );
    }),
  );
  await waitFor(async () => (await counts()).replies >= warmup, 120_000, 500).catch(() => {
    console.log('warm-up: not every greeting was answered within 120 s');
  });
  sent = warmup;
  acked = warmup;
  lastStored = (await counts()).stored;
  console.log(`warm-up: ${warmup} greetings answered; timed load starts`);

  const slots = Array.from({ length: CONVERSATIONS }, (_, index) => slotFor(index));
  let nextConversation = FIRST_CONVERSATION + CONVERSATIONS;
  for (let i = 0; i < TRANSCRIPTS; i += 1) transcriptIds.add(FIRST_CONVERSATION + i);
  let exitCode = 0;
  try {
    // --- open-loop load --------------------------------------------------------------------
    started = Date.now();
    lastReport = started;
    await sampleCpu();
    Object.assign(cpuAtLoadStart, cpu, { stored: lastStored, sent });
    tablesAtLoadStart = await tableStats();
    const total = Math.round(RATE * DURATION_S);
    const inflight = new Set<Promise<void>>();
    const drainTimer = setInterval(drainRequests, 1000);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    let serverBefore = await webhookTimings();
    let closedMinutes = 0;
    const closeMinute = async () => {
      const bucket = minute(closedMinutes);
      closedMinutes += 1;
      bucket.loopP99 = loopDelay.percentile(99) / 1e6;
      bucket.loopMax = loopDelay.max / 1e6;
      loopDelay.reset();
      const now = await webhookTimings();
      bucket.server = {
        calls: now.calls - serverBefore.calls,
        withinGoal: now.withinGoal - serverBefore.withinGoal,
      };
      serverBefore = now;
    };
    const minuteTimer = setInterval(() => void closeMinute(), 60_000);
    let nextReport = started + REPORT_EVERY_MS;
    let reporting: Promise<unknown> | null = null;
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      if (Date.now() >= nextReport && !reporting) {
        nextReport += REPORT_EVERY_MS;
        reporting = report().finally(() => (reporting = null));
      }
      const slot = slots[i % CONVERSATIONS];
      const script = SCRIPTS[slot.script] ?? SCRIPTS[0];
      const content = script?.say[slot.step] ?? 'hola';
      const messageId = FIRST_MESSAGE + i;
      const conversationId = slot.conversationId;
      chatwoot.addIncoming(
        conversationId,
        content,
        { id: slot.contactId, name: slot.name, phone_number: slot.phone },
        messageId,
      );
      const attributes = {
        ...chatwoot.conversation(conversationId).custom_attributes,
        ...(script?.tipo ? { tipo: script.tipo } : {}),
      };
      const body = JSON.stringify(
        incomingEvent({
          id: messageId,
          conversationId,
          content,
          phone: slot.phone,
          name: slot.name,
          contactId: slot.contactId,
          attributes,
        }),
      );
      // The next message of this slot continues its script, or opens a new conversation.
      slot.step += 1;
      if (slot.step >= (script?.say.length ?? 0)) {
        slot.step = 0;
        slot.script = (slot.script + 1) % SCRIPTS.length;
        slot.conversationId = nextConversation;
        nextConversation += 1;
      }
      const sentAt = Date.now();
      if (!awaiting.has(conversationId)) awaiting.set(conversationId, sentAt);
      sent += 1;
      const bucket = minute(Math.floor((sentAt - started) / 60_000));
      minuteIndex = Math.floor((sentAt - started) / 60_000);
      const promise = post(`${api.url}/webhook/chatwoot/${TOKEN}`, body).then((res) => {
        if (res.status === 200) {
          acked += 1;
          bucket.acks.push(res.ms);
          bucket.fromSchedule.push(Date.now() - due);
        } else bucket.errors += 1;
        bucket.statuses.set(res.outcome, (bucket.statuses.get(res.outcome) ?? 0) + 1);
      });
      inflight.add(promise);
      void promise.finally(() => inflight.delete(promise));
    }
    await Promise.all(inflight);
    clearInterval(minuteTimer);
    if (closedMinutes < minutes.length) await closeMinute();
    loopDelay.disable();
    await reporting;
    const loadEnded = Date.now();
    console.log(`load done: ${sent} messages in ${fmt((loadEnded - started) / 1000)} s`);

    // --- drain ------------------------------------------------------------------------------
    let drained = false;
    while (Date.now() - loadEnded < DRAIN_S * 1000) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(REPORT_EVERY_MS, 10_000)));
      const { backlog: left } = await report();
      if (left === 0) {
        drained = true;
        break;
      }
    }
    clearInterval(drainTimer);
    drainRequests();
    const drainedAfter = (Date.now() - loadEnded) / 1000;

    // --- summary ----------------------------------------------------------------------------
    console.log('\nwebhook ack latency per minute (client side, keep-alive, loopback):');
    console.log(
      `${'minute'.padStart(6)} ${'acks'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ` +
        `${'p99 from schedule'.padStart(17)} ${'errors'.padStart(6)}  goal p99 ≤ ${ACK_GOAL_MS} ms   reply p50/p99 (s)` +
        `   api-timed ≤ ${ACK_GOAL_MS} ms   bench loop delay p99/max (ms)`,
    );
    minutes.forEach((bucket, index) => {
      const sorted = [...bucket.acks].sort((a, b) => a - b);
      const schedule = [...bucket.fromSchedule].sort((a, b) => a - b);
      const replies = [...bucket.replyLatencies].sort((a, b) => a - b);
      const p99 = percentile(sorted, 99);
      console.log(
        `${String(index + 1).padStart(6)} ${String(sorted.length).padStart(6)} ${fmt(percentile(sorted, 50)).padStart(7)} ` +
          `${fmt(p99).padStart(7)} ${fmt(sorted[sorted.length - 1] ?? NaN).padStart(7)} ${fmt(percentile(schedule, 99)).padStart(17)} ` +
          `${String(bucket.errors).padStart(6)}  ${p99 <= ACK_GOAL_MS ? 'yes' : 'NO '}               ` +
          `${fmt(percentile(replies, 50) / 1000, 2)} / ${fmt(percentile(replies, 99) / 1000, 2)}`.padEnd(
            17,
          ) +
          `${bucket.server ? `${fmt((100 * bucket.server.withinGoal) / Math.max(1, bucket.server.calls), 2)} % of ${bucket.server.calls}` : '?'}`.padStart(
            17,
          ) +
          `   ${fmt(bucket.loopP99 ?? NaN)} / ${fmt(bucket.loopMax ?? NaN)}`,
      );
    });
    const statuses = new Map<string, number>();
    minutes.forEach((bucket) =>
      bucket.statuses.forEach((n, status) => statuses.set(status, (statuses.get(status) ?? 0) + n)),
    );
    console.log(
      `webhook answers: ${[...statuses.entries()].map(([status, n]) => `${status} ${n}`).join(', ')}`,
    );

    const { stored, replies } = await counts();
    const { rows: turns } = await pg.query<{ taken: string; answered: string }>(
      `SELECT count(*) FILTER (WHERE m.agent_turn_at IS NOT NULL) AS taken,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conversation_messages r
                WHERE r.reply_to_chatwoot_message_id = m.chatwoot_message_id)) AS answered
       FROM conversation_messages m WHERE m.role = 'user'`,
    );
    const { rows: escalations } = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM escalations`,
    );
    const { rows: cases } = await pg.query<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM cases GROUP BY status ORDER BY status`,
    );
    const delivered = await deliveredReplies(redis, env.keyPrefix);
    const dead = await redis.xlen(`${env.keyPrefix}${StreamName.DEAD_LETTER}`);
    console.log(
      `messages: ${sent} sent (incl. ${warmup} warm-up), ${acked} acked, ${stored} stored by the worker; ` +
        `${turns[0]?.taken ?? 0} taken into an agent turn, ${turns[0]?.answered ?? 0} answered by their own reply`,
    );
    console.log(
      `replies: ${replies} written by the agent, ${delivered} delivered to Chatwoot ` +
        `(${fmt((100 * delivered) / Math.max(sent, 1))} % of messages); ${chatwootMessages} public ` +
        `Chatwoot messages in all (texts, images, follow-ups); dead letters ${dead}; ` +
        `escalations (hand-overs) ${escalations[0]?.n ?? 0}; cases ${cases.map((row) => `${row.status} ${row.n}`).join(', ') || 'none'}`,
    );
    await sampleCpu();
    // The statistics collector reports with a delay of up to a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const tables = [...(await tableStats()).values()]
      .map((now) => {
        const before = tablesAtLoadStart.get(now.table);
        return {
          ...now,
          seqScans: now.seqScans - (before?.seqScans ?? 0),
          seqRows: now.seqRows - (before?.seqRows ?? 0),
          indexScans: now.indexScans - (before?.indexScans ?? 0),
          autovacuums: now.autovacuums - (before?.autovacuums ?? 0),
          autoanalyzes: now.autoanalyzes - (before?.autoanalyzes ?? 0),
        };
      })
      .filter((row) => row.seqRows + row.indexScans + row.dead > 0)
      .sort((a, b) => b.seqRows - a.seqRows || b.indexScans - a.indexScans)
      .slice(0, 10);
    console.log('\ntables during load + drain (busiest first; live and dead rows at the end):');
    console.log(
      `${'table'.padEnd(28)} ${'seq scans'.padStart(9)} ${'seq rows'.padStart(10)} ${'idx scans'.padStart(9)} ` +
        `${'live'.padStart(8)} ${'dead'.padStart(7)} ${'autovac'.padStart(7)} ${'analyze'.padStart(7)}`,
    );
    tables.forEach((row) =>
      console.log(
        `${row.table.padEnd(28)} ${String(row.seqScans).padStart(9)} ${String(row.seqRows).padStart(10)} ` +
          `${String(row.indexScans).padStart(9)} ${String(row.live).padStart(8)} ${String(row.dead).padStart(7)} ` +
          `${String(row.autovacuums).padStart(7)} ${String(row.autoanalyzes).padStart(7)}`,
      ),
    );
    if (EXPLAIN_MS) {
      console.log(`plans of statements slower than ${EXPLAIN_MS} ms: in the PostgreSQL server log`);
    }
    const processed = stored - cpuAtLoadStart.stored;
    const webhooks = sent - cpuAtLoadStart.sent;
    const perMessage = {
      api: (cpu.api - cpuAtLoadStart.api) / Math.max(1, webhooks),
      worker: (cpu.worker - cpuAtLoadStart.worker) / Math.max(1, processed),
      pg: (cpu.pg - cpuAtLoadStart.pg) / Math.max(1, processed),
    };
    const sum = perMessage.api + perMessage.worker + perMessage.pg;
    console.log(
      `CPU per message (load + drain): api ${fmt(perMessage.api, 2)} ms per webhook, worker ` +
        `${fmt(perMessage.worker, 2)} ms, PostgreSQL backends ${fmt(perMessage.pg, 2)} ms per message ` +
        `stored and answered (Redis and the fake Chatwoot not counted) → ${fmt(sum, 1)} ms: ` +
        `about ${fmt((availableParallelism() * 1000) / sum, 0)} msg/s if these ${availableParallelism()} cores ` +
        `did nothing else, ${fmt(1000 / perMessage.worker, 0)} msg/s for the worker's single thread`,
    );
    for (const name of ['api', 'worker'] as const) {
      const log = await logSummary(logFiles[name]);
      console.log(
        `${name} log output at LOG_LEVEL=${LOG_LEVEL}: ${fmt(log.bytes / 1024 / 1024, 1)} MiB, ` +
          `${log.lines} lines (${fmt(log.lines / Math.max(1, sent), 2)} per message), ` +
          `${log.warnings.length} at warn or above` +
          (log.warnings.length > 0 ? `; the last ${Math.min(5, log.warnings.length)}:` : ''),
      );
      log.warnings.slice(-5).forEach((line) => console.log(`  ${line.slice(0, 400)}`));
    }
    const warm = (values: number[]) => values.slice(Math.min(2, values.length - 1));
    const spread = (values: number[]) =>
      `${fmt(Math.min(...values), 0)}–${fmt(Math.max(...values), 0)} MB`;
    console.log(
      `RSS after warm-up (from the 3rd sample): api ${spread(warm(rss.api))}, worker ${spread(warm(rss.worker))}`,
    );
    const loadSeconds = (loadEnded - started) / 1000;
    console.log(
      drained
        ? `drained ${fmt(drainedAfter, 0)} s after the load: the worker kept up on average ` +
            `(${fmt(stored / (loadSeconds + drainedAfter), 0)} msg/s over load + drain)`
        : `NOT drained ${fmt(drainedAfter, 0)} s after the load: the worker processed ` +
            `${fmt(stored / (loadSeconds + drainedAfter), 0)} msg/s on average against ${RATE} msg/s offered`,
    );

    if (TRANSCRIPTS > 0) {
      const conversations = [...transcriptIds].sort((a, b) => a - b);
      for (const id of conversations) {
        console.log(`\n--- conversation ${id}`);
        for (const message of chatwoot.conversations.get(id)?.messages ?? []) {
          const who = message.message_type === 0 ? 'customer' : message.private ? 'note' : 'bot';
          console.log(
            `  ${who.padEnd(8)} ${(message.content ?? '').replace(/\s+/g, ' ').slice(0, 160)}`,
          );
        }
      }
    }
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    agent.destroy();
    await worker.stop();
    await stop(api.process);
    await chatwoot.stop();
    clearInterval(vacuumTimer);
    await vacuuming;
    await vacuumClient?.end();
    await pg.end();
    redis.disconnect();
    if (PROFILE) {
      for (const [name, dir] of [
        ['worker', profileDir],
        ['api', apiProfileDir],
      ] as const) {
        const profiles = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
        if (profiles[0])
          summariseProfile(name, join(dir, profiles[0])); // kept for DevTools
        else console.log(`no ${name} CPU profile was written (did it exit gracefully?)`);
      }
    }
    await env.cleanup();
    rmSync(storage, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
