import { StreamName } from '@app/domain';
import { ChaosHarness } from './chaos-harness';
import { sleep } from '../../support/random';

/** The streams the worker consumes; "drained" means both are fully acknowledged. */
export const CONSUMED_STREAMS = [StreamName.INCOMING_MESSAGES, StreamName.OUTGOING_MESSAGES];

export interface GroupBacklog {
  stream: string;
  group: string;
  pending: number;
  undelivered: number;
}

export interface Backlog {
  groups: GroupBacklog[];
  unpublishedOutbox: number;
  drained: boolean;
}

const pairs = (flat: unknown[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
};

const str = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

/** Stream ids compared numerically. */
const idAfter = (a: string, b: string): boolean => {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  return BigInt(aMs) > BigInt(bMs) || (aMs === bMs && BigInt(aSeq) > BigInt(bSeq));
};

/**
 * What is left to do: per consumer group of both streams the pending (delivered, not
 * acknowledged) and undelivered entries, and outbox rows not yet published to a stream.
 */
export async function backlog(h: ChaosHarness): Promise<Backlog> {
  const groups: GroupBacklog[] = [];
  for (const stream of CONSUMED_STREAMS) {
    const key = `${h.redis.keyPrefix}${stream}`;
    if (!(await h.redis.raw.exists(key))) continue;
    const info = pairs((await h.redis.raw.xinfo('STREAM', key)) as unknown[]);
    const lastGenerated = str(info['last-generated-id'], '0-0');
    for (const raw of (await h.redis.raw.xinfo('GROUPS', key)) as unknown[][]) {
      const group = pairs(raw);
      const lag = group.lag;
      // Lag is null when Redis cannot tell (entries deleted): compare ids instead.
      const undelivered =
        typeof lag === 'number'
          ? lag
          : idAfter(lastGenerated, str(group['last-delivered-id'], '0-0'))
            ? 1
            : 0;
      groups.push({
        stream,
        group: String(group.name),
        pending: Number(group.pending ?? 0),
        undelivered,
      });
    }
  }
  const [{ count }] = await h.db.query<[{ count: number }]>(
    `SELECT count(*)::int AS count FROM stream_outbox WHERE published_at IS NULL`,
  );
  return {
    groups,
    unpublishedOutbox: count,
    drained:
      count === 0 &&
      groups.length === CONSUMED_STREAMS.length &&
      groups.every((group) => group.pending === 0 && group.undelivered === 0),
  };
}

/** Entries not yet acknowledged or not yet read, over both streams (0 when Redis is away). */
export async function backlogSize(h: ChaosHarness): Promise<number> {
  try {
    const { groups } = await backlog(h);
    return groups.reduce((sum, group) => sum + group.pending + group.undelivered, 0);
  } catch {
    return 0;
  }
}

export interface DrainReport {
  drainMs: number;
  /** /health answers other than 200 seen while draining (a stalled consumer says 503). */
  unhealthy: string[];
}

/**
 * Waits, without any help, until both streams are drained (twice in a row, 300 ms apart, so a
 * delivery enqueued right after the last acknowledgement is not missed) and samples the
 * workers' /health meanwhile. Fails after `timeoutMs` with the backlog and the workers' output.
 */
export async function waitForDrain(h: ChaosHarness, timeoutMs: number): Promise<DrainReport> {
  const started = Date.now();
  const unhealthy: string[] = [];
  let last: Backlog | null = null;
  let lastError = '';
  let lastHealthAt = 0;
  for (;;) {
    try {
      last = await backlog(h);
      if (last.drained) {
        await sleep(300);
        last = await backlog(h);
        if (last.drained) return { drainMs: Date.now() - started, unhealthy };
      }
    } catch (error) {
      lastError = String(error); // a server of the test may still be coming back
    }
    if (Date.now() - lastHealthAt > 1000) {
      lastHealthAt = Date.now();
      for (const sample of await h.pool.health()) {
        if (sample.status !== 200) unhealthy.push(`${sample.status} ${sample.body}`);
      }
    }
    const crashed = h.pool.unexpectedExits();
    if (crashed.length > 0) throw new Error(`a worker died by itself:\n${crashed.join('\n')}`);
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `not drained within ${timeoutMs} ms: ${JSON.stringify(last)} ${lastError}\n` +
          `unhealthy samples: ${unhealthy.slice(-3).join(' | ')}\n${h.pool.diagnostics()}`,
      );
    }
    await sleep(250);
  }
}

/** Sum of a metric's samples whose labels contain every `labels` pair (Prometheus text). */
export function metricSum(metrics: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) {
      continue;
    }
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** The value of a gauge for one stream in a Prometheus text exposition, or null. */
export function gauge(metrics: string, name: string, stream: string): number | null {
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) || !line.includes(`stream="${stream}"`)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}
