/* npm run bench:rag — regulatory-document ingest throughput and RAG query latency.
 *
 * Throw-away database and Redis namespace, the api and the worker as real processes. Generates
 * PDFs with pdf-lib (numbered points with titles and paragraphs of regulatory Spanish) adding up
 * to about --chunks chunks (default 5,000), uploads them over HTTP and times upload → all
 * `indexed` (pages/s, chunks/s). Then asks --queries questions (numbered points, paraphrases,
 * typos) one at a time over keep-alive, without the answer cache and without an LLM, and
 * prints client p50/p95 and the server's own retrieval/total timings against the 100 ms goal.
 * Figures only, never assertions.
 *
 *   --chunks N    target chunk count (default 5000)
 *   --queries N   timed questions (default 200, after 20 warm-up ones)
 *   --keep        keep the database afterwards (for EXPLAIN ANALYZE) and print its URL
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeChatwoot } from '../test/support/fake-chatwoot';
import { buildPdf, PageSpec } from '../test/support/pdfs';
import { waitFor } from '../test/support/process';
import { TestRedis } from '../test/support/redis';
import { startWorker } from '../test/support/worker';
import { adminToken, argFlag, argValue, benchEnv, percentile, startApi, stop } from './support';

const GOAL_P95_MS = 100;
const TARGET_CHUNKS = Number(argValue('chunks', '5000'));
const QUERIES = Number(argValue('queries', '200'));
const WARMUP = 20;
const POINTS_PER_PAGE = 3;
const PAGES_PER_DOC = 150;

const SUBJECTS = [
  'luces de cruce',
  'luces de carretera',
  'luces antiniebla',
  'indicadores de dirección',
  'luces de frenado',
  'placa de matrícula',
  'catadióptricos',
  'luces de posición',
  'luces de marcha atrás',
  'avisador acústico',
  'espejos retrovisores',
  'dispositivo de remolque',
  'neumáticos',
  'sistema de frenado',
  'dirección asistida',
  'cinturones de seguridad',
  'anclajes de asientos',
  'protección trasera',
  'emisiones de escape',
  'nivel sonoro',
];
const VERBS = ['deberán', 'podrán', 'tendrán que', 'no podrán', 'habrán de'];
const ACTIONS = [
  'instalarse a una altura mínima de',
  'situarse a una distancia máxima de',
  'ser visibles desde un ángulo de',
  'homologarse conforme al ensayo de',
  'conectarse con',
  'emitir una intensidad no inferior a',
];
const OBJECTS = [
  '500 mm',
  '1200 mm',
  '15 grados',
  'la categoría M1',
  'la luz de posición',
  '400 cd',
];
const CATEGORIES = [
  'turismos',
  'motocicletas',
  'camiones',
  'remolques',
  'autobuses',
  'vehículos N1',
];

/** Deterministic pseudo-random picks (xorshift) so runs are comparable. */
let seed = 12345;
const next = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return Math.abs(seed);
};
const pick = <T>(values: T[]): T => values[next() % values.length];

const paragraph = (subject: string): string =>
  Array.from(
    { length: 2 },
    () =>
      `Los ${subject} de los ${pick(CATEGORIES)} ${pick(VERBS)} ${pick(ACTIONS)} ${pick(OBJECTS)} ` +
      `según lo previsto en el anexo ${1 + (next() % 12)}.`,
  ).join(' ');

function documentPages(docIndex: number): PageSpec[] {
  const pages: PageSpec[] = [];
  for (let page = 0; page < PAGES_PER_DOC; page++) {
    const lines: string[] = [];
    for (let p = 0; p < POINTS_PER_PAGE; p++) {
      const subject = pick(SUBJECTS);
      const number = `${docIndex + 1}.${page + 1}.${p + 1}`;
      lines.push(`${number} ${subject.charAt(0).toUpperCase()}${subject.slice(1)}`);
      lines.push(paragraph(subject));
    }
    pages.push({ lines });
  }
  return pages;
}

const QUESTION_TEMPLATES: ((doc: number) => string)[] = [
  (doc) =>
    `¿Qué dice el punto ${doc + 1}.${1 + (next() % PAGES_PER_DOC)}.${1 + (next() % POINTS_PER_PAGE)}?`,
  () => `¿A qué altura deben instalarse las ${pick(SUBJECTS)} en ${pick(CATEGORIES)}?`,
  () =>
    `${pick(['lucez de cruse', 'antinieblas', 'indicadores de direcion', 'retrovisores'])} homologacion`,
  () => `requisitos de ${pick(SUBJECTS)} para ${pick(CATEGORIES)}`,
];

async function main(): Promise<void> {
  const env = await benchEnv();
  const root = await mkdtemp(join(tmpdir(), 'bench-rag-'));
  const chatwoot = await new FakeChatwoot().start();
  const api = await startApi(env, {
    STORAGE_LOCAL_ROOT: root,
    DOCUMENT_MAX_SIZE_MB: '200',
    RAG_CACHE_TTL_SECONDS: '0',
    STAFF_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const redis = { url: env.redisUrl, keyPrefix: env.keyPrefix } as TestRedis;
  const worker = await startWorker({ url: env.dbUrl }, redis, chatwoot, {
    LOG_LEVEL: 'warn',
    STORAGE_LOCAL_ROOT: root,
  });
  try {
    const token = await adminToken(api.url);
    const auth = { Authorization: `Bearer ${token}` };
    const docs = Math.max(1, Math.ceil(TARGET_CHUNKS / (PAGES_PER_DOC * POINTS_PER_PAGE)));
    const genStarted = Date.now();
    const pdfs = await Promise.all(
      Array.from({ length: docs }, (_, index) => buildPdf(documentPages(index))),
    );
    console.log(
      `generated ${docs} PDFs × ${PAGES_PER_DOC} pages (${(pdfs.reduce((s, b) => s + b.length, 0) / 1024 / 1024).toFixed(1)} MB) in ${Date.now() - genStarted} ms`,
    );

    const ingestStarted = Date.now();
    const ids: string[] = [];
    for (const [index, pdf] of pdfs.entries()) {
      const form = new FormData();
      form.append(
        'file',
        new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }),
        `doc-${index}.pdf`,
      );
      form.append('title', `Reglamento de prueba ${index + 1}`);
      form.append('document_type', 'reglamento');
      form.append('document_number', `R${index + 1}`);
      const res = await fetch(`${api.url}/api/admin/regulatory-documents/upload`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      if (res.status !== 201) throw new Error(`upload ${index}: ${res.status} ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const uploadMs = Date.now() - ingestStarted;
    let stats: { indexed_documents: number; failed_documents: number; total_chunks: number } = {
      indexed_documents: 0,
      failed_documents: 0,
      total_chunks: 0,
    };
    await waitFor(async () => {
      const res = await fetch(`${api.url}/api/admin/regulatory-documents/stats/summary`, {
        headers: auth,
      });
      stats = (await res.json()) as typeof stats;
      return stats.indexed_documents + stats.failed_documents === ids.length;
    }, 30 * 60_000);
    const ingestS = (Date.now() - ingestStarted) / 1000;
    const pages = docs * PAGES_PER_DOC;
    console.log(
      `ingest: ${pages} pages, ${stats.total_chunks} chunks, ${stats.failed_documents} failed; ` +
        `upload ${uploadMs} ms; upload → all indexed ${ingestS.toFixed(1)} s = ` +
        `${(pages / ingestS).toFixed(1)} pages/s, ${(stats.total_chunks / ingestS).toFixed(0)} chunks/s`,
    );

    const client: number[] = [];
    const serverTotal: number[] = [];
    const serverRetrieval: number[] = [];
    const byKind = new Map<number, number[]>();
    let empty = 0;
    for (let i = 0; i < WARMUP + QUERIES; i++) {
      const query = QUESTION_TEMPLATES[i % QUESTION_TEMPLATES.length](i % docs);
      const started = performance.now();
      const res = await fetch(`${api.url}/api/admin/rag/query`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as {
        citations: unknown[];
        performance: { total_ms: number; retrieval_ms: number };
      };
      const elapsed = performance.now() - started;
      if (res.status !== 200) throw new Error(`query: ${res.status} ${JSON.stringify(body)}`);
      if (i < WARMUP) continue;
      client.push(elapsed);
      serverTotal.push(body.performance.total_ms);
      serverRetrieval.push(body.performance.retrieval_ms);
      const kind = i % QUESTION_TEMPLATES.length;
      byKind.set(kind, [...(byKind.get(kind) ?? []), body.performance.total_ms]);
      if (body.citations.length === 0) empty += 1;
    }
    const line = (label: string, values: number[]): string => {
      const sorted = [...values].sort((a, b) => a - b);
      const p95 = percentile(sorted, 95);
      return (
        `${label.padEnd(26)} p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  ` +
        `p95 ${p95.toFixed(1).padStart(6)} ms  max ${sorted[sorted.length - 1].toFixed(1)} ms` +
        `  (goal p95 ≤ ${GOAL_P95_MS} ms: ${p95 <= GOAL_P95_MS ? 'met' : 'NOT met'})`
      );
    };
    console.log(
      `queries: ${QUERIES} sequential, no cache, no LLM, ${stats.total_chunks} chunks; ` +
        `${empty} without citations; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}`,
    );
    console.log(line('client round trip', client));
    console.log(line('server total_ms', serverTotal));
    console.log(line('server retrieval_ms', serverRetrieval));
    const kinds = ['point number', 'paraphrase', 'typos', 'topic words'];
    for (const [kind, values] of [...byKind.entries()].sort((a, b) => a[0] - b[0])) {
      console.log(line(`  server total: ${kinds[kind]}`, values));
    }
  } finally {
    await worker.stop();
    await stop(api.process);
    await chatwoot.stop();
    if (argFlag('keep')) console.log(`database kept: ${env.dbUrl}`);
    else await env.cleanup();
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
