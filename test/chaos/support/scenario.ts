import { waitFor } from '../../support/process';
import { ChaosHarness } from './chaos-harness';
import { CONSUMED_STREAMS, gauge, metricSum, waitForDrain } from './drain';
import { OutcomeOptions, verifyOutcome } from './expectations';
import { LoadResult } from './load-driver';

/** How long a run may take to drain by itself once the chaos stopped (generous: 2-core CI). */
export const DRAIN_BOUND_MS = 120_000;

/** What the live workers' /metrics say they did (killed workers' counts are gone with them). */
export interface WorkerCounts {
  retried: number;
  reclaimed: number;
}

export interface FinishOptions extends OutcomeOptions {
  name: string;
  /** When the run began (first message), for the total time in the report line. */
  startedAt: number;
  /** Extra facts for the report line (kills, restarts, faults…), read once drained. */
  facts?: Record<string, string | number> | (() => Record<string, string | number>);
}

/**
 * The common end of every scenario, once the load was sent and the chaos stopped: the run must
 * drain by itself within DRAIN_BOUND_MS, show the expected outcome, leave every worker healthy
 * (/health 200 with `checks.streams` healthy) with `stream_oldest_pending_age_seconds` back to
 * 0, and it prints one line with the measured times and counts.
 */
export async function drainAndVerify(
  h: ChaosHarness,
  load: LoadResult,
  options: FinishOptions,
): Promise<WorkerCounts> {
  const chaosEndedAt = Date.now();
  await h.pool.whenAllReady();
  const drain = await waitForDrain(h, DRAIN_BOUND_MS);
  const drainMs = Date.now() - chaosEndedAt; // replacement boots included
  const totalMs = Date.now() - options.startedAt;
  const outcome = await verifyOutcome(h, load, options);

  const health = await h.pool.health();
  expect(health.length).toBeGreaterThan(0);
  for (const sample of health) {
    expect({ status: sample.status, body: sample.body }).toEqual({
      status: 200,
      body: expect.stringContaining('"streams":{"status":"healthy"}'),
    });
  }
  // The consumers measure the backlog every claim interval (500 ms here).
  await waitFor(
    async () =>
      (await h.pool.metrics()).every((metrics) =>
        CONSUMED_STREAMS.every(
          (stream) => gauge(metrics, 'stream_oldest_pending_age_seconds', stream) === 0,
        ),
      ),
    10_000,
    250,
  );

  const metrics = await h.pool.metrics();
  const counts: WorkerCounts = {
    retried: metrics.reduce(
      (sum, text) => sum + metricSum(text, 'stream_entries_total', { outcome: 'retried' }),
      0,
    ),
    reclaimed: metrics.reduce(
      (sum, text) => sum + metricSum(text, 'stream_reclaimed_total', {}),
      0,
    ),
  };
  const facts = Object.entries(
    typeof options.facts === 'function' ? options.facts() : (options.facts ?? {}),
  )
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  console.log(
    `[chaos] ${options.name}: sent=${load.sent.length} accepted=${load.accepted.length} ` +
      `stored=${outcome.stored} conversations=${outcome.conversations} replies=${outcome.replies} ` +
      `${facts} load=${(load.durationMs / 1000).toFixed(1)}s webhook_p99=${load.p99LatencyMs}ms ` +
      `drain=${(drainMs / 1000).toFixed(1)}s ` +
      `total=${(totalMs / 1000).toFixed(1)}s ` +
      `unhealthy_samples=${drain.unhealthy.length} ` +
      `live_workers_retried=${counts.retried} live_workers_reclaimed=${counts.reclaimed}`,
  );
  return counts;
}
