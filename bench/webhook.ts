/* npm run bench:webhook — webhook throughput and latency next to a trivial route (GET /) of the
 * same api process in the same run. The api runs as a real process (production mode, LOG_LEVEL
 * warn); load comes from this process over keep-alive connections. */
import { Agent, request } from 'node:http';
import { incomingEvent } from '../test/support/chatwoot-events';
import { benchEnv, startApi, stop, summary } from './support';

const TOKEN = 'bench-webhook-token-0123456789';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32); // eslint-disable-line no-restricted-syntax
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5); // eslint-disable-line no-restricted-syntax

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(url: string, method: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      url,
      { method, agent, headers: body ? { 'Content-Type': 'application/json' } : {} },
      (res) => {
        res.resume();
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(label: string, next: () => Promise<number>): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        try {
          latencies.push(await next());
        } catch {
          errors += 1;
        }
      }
    }),
  );
  console.log(`${summary(label, latencies, (Date.now() - started) / 1000)}  errors ${errors}`);
}

async function main(): Promise<void> {
  const env = await benchEnv();
  const api = await startApi(env, { CHATWOOT_WEBHOOK_TOKEN: TOKEN });
  try {
    console.log(
      `concurrency ${CONCURRENCY}, ${SECONDS} s per scenario, api pid ${api.process.child.pid}`,
    );
    // Warm-up (JIT, connection pools).
    await load('warm-up GET /', () => call(`${api.url}/`, 'GET'));
    await load('GET / (trivial route)', () => call(`${api.url}/`, 'GET'));
    let id = 1;
    await load('POST /webhook/chatwoot (new msg)', () =>
      call(
        `${api.url}/webhook/chatwoot/${TOKEN}`,
        'POST',
        JSON.stringify(incomingEvent({ id: id++, conversationId: 1 + (id % 500) })),
      ),
    );
    const duplicate = JSON.stringify(incomingEvent({ id: 1, conversationId: 2 }));
    await load('POST /webhook/chatwoot (duplicate)', () =>
      call(`${api.url}/webhook/chatwoot/${TOKEN}`, 'POST', duplicate),
    );
    const ignored = JSON.stringify({
      ...incomingEvent({ id: 0, conversationId: 3 }),
      message_type: 'outgoing',
    });
    await load('POST /webhook/chatwoot (ignored)', () =>
      call(`${api.url}/webhook/chatwoot/${TOKEN}`, 'POST', ignored),
    );
  } finally {
    agent.destroy();
    await stop(api.process);
    await env.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
