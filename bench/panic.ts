/* npm run bench:panic — end-to-end latency from the webhook POST to the panic-button reply
 * arriving at a (local, fake) Chatwoot, with 1 and then 2 worker processes. Each message opens
 * a new conversation (the panic reply goes out once per conversation). */
import { Client } from 'pg';
import { incomingEvent } from '../test/support/chatwoot-events';
import { FakeChatwoot } from '../test/support/fake-chatwoot';
import { waitFor } from '../test/support/process';
import { startWorker } from '../test/support/worker';
import { TestRedis } from '../test/support/redis';
import { benchEnv, percentile, startApi, stop } from './support';

const TOKEN = 'bench-webhook-token-0123456789';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300); // eslint-disable-line no-restricted-syntax
// Messages per second.
// eslint-disable-next-line no-restricted-syntax -- benchmark knob
const RATE = Number(process.env.BENCH_RATE ?? 50);

async function run(
  label: string,
  rate: number,
  workers: number,
  firstConversation: number,
  apiUrl: string,
  chatwoot: FakeChatwoot,
  env: Awaited<ReturnType<typeof benchEnv>>,
): Promise<void> {
  const redis = { url: env.redisUrl, keyPrefix: env.keyPrefix } as TestRedis;
  const started = await Promise.all(
    Array.from({ length: workers }, () =>
      startWorker({ url: env.dbUrl }, redis, chatwoot, {
        LOG_LEVEL: 'warn',
        WORKER_CONCURRENCY: '16',
      }),
    ),
  );
  const sentAt = new Map<number, number>();
  const t0 = Date.now();
  for (let i = 0; i < MESSAGES; i += 1) {
    const conversationId = firstConversation + i;
    const due = t0 + (i * 1000) / rate;
    if (rate !== Infinity && due > Date.now())
      await new Promise((r) => setTimeout(r, due - Date.now()));
    sentAt.set(conversationId, Date.now());
    void fetch(`${apiUrl}/webhook/chatwoot/${TOKEN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(incomingEvent({ id: conversationId * 10, conversationId })),
    });
  }
  await waitFor(
    () => Promise.resolve([...sentAt.keys()].every((cid) => chatwoot.outgoing(cid).length > 0)),
    300_000,
    50,
  );
  const latencies = [...sentAt.entries()].map(([cid, at]) => {
    const reply = chatwoot.requests.find(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith(`/conversations/${cid}/messages`) &&
        (r.body as { private?: boolean } | null)?.private === false,
    );
    return (reply?.at ?? NaN) - at;
  });
  const total =
    Math.max(...[...sentAt.keys()].map((cid) => chatwoot.outgoing(cid)[0]?.created_at ?? 0)) *
      1000 -
    t0;
  const sorted = latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(22)} ${MESSAGES} msgs at ${rate === Infinity ? 'once' : `${rate}/s`}  reply latency p50 ${percentile(sorted, 50).toFixed(0)} ms  ` +
      `p95 ${percentile(sorted, 95).toFixed(0)} ms  p99 ${percentile(sorted, 99).toFixed(0)} ms  ` +
      `max ${sorted[sorted.length - 1]?.toFixed(0)} ms  throughput ${((MESSAGES * 1000) / total).toFixed(0)} replies/s`,
  );
  await Promise.all(started.map((worker) => worker.stop()));
}

async function main(): Promise<void> {
  const env = await benchEnv();
  const chatwoot = await new FakeChatwoot().start();
  const api = await startApi(env, {
    CHATWOOT_WEBHOOK_TOKEN: TOKEN,
    CHATWOOT_API_URL: chatwoot.url,
  });
  const pg = new Client({ connectionString: env.dbUrl });
  await pg.connect();
  await pg.query(`UPDATE system_settings SET value = 'false' WHERE key = 'agent_enabled'`);
  await pg.end();
  try {
    await run('paced, 1 worker', RATE, 1, 100_000, api.url, chatwoot, env);
    await run('paced, 2 workers', RATE, 2, 200_000, api.url, chatwoot, env);
    await run('burst, 1 worker', Infinity, 1, 300_000, api.url, chatwoot, env);
    await run('burst, 2 workers', Infinity, 2, 400_000, api.url, chatwoot, env);
  } finally {
    await stop(api.process);
    await chatwoot.stop();
    await env.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
