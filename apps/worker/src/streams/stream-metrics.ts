import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/observability';

export type EntryOutcome = 'acked' | 'retried' | 'dead_lettered' | 'continued';

/** Prometheus metrics of the stream consumers (on the worker's /metrics). */
@Injectable()
export class StreamMetrics {
  public readonly entries: Counter<'stream' | 'type' | 'outcome'>;
  public readonly duration: Histogram<'stream' | 'type'>;
  public readonly reclaimed: Counter<'stream'>;
  public readonly waits: Counter<'stream' | 'reason'>;
  public readonly inFlight: Gauge<'stream'>;
  public readonly local: Gauge<'stream'>;
  public readonly oldestPendingAge: Gauge<'stream'>;
  public readonly sinceProgress: Gauge<'stream'>;

  public constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.entries = new Counter({
      name: 'stream_entries_total',
      help: 'Stream entries handled, by outcome',
      labelNames: ['stream', 'type', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'stream_handler_duration_seconds',
      help: 'Handler run time per message type',
      labelNames: ['stream', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.reclaimed = new Counter({
      name: 'stream_reclaimed_total',
      help: 'Entries taken over from idle consumers (XAUTOCLAIM)',
      labelNames: ['stream'],
      registers,
    });
    this.waits = new Counter({
      name: 'stream_order_waits_total',
      help: 'Times an entry waited for an older entry of its conversation or its lock',
      labelNames: ['stream', 'reason'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'stream_handlers_in_flight',
      help: 'Handlers running now',
      labelNames: ['stream'],
      registers,
    });
    this.local = new Gauge({
      name: 'stream_local_entries',
      help: 'Entries held by this process (running, waiting or backing off)',
      labelNames: ['stream'],
      registers,
    });
    this.oldestPendingAge = new Gauge({
      name: 'stream_oldest_pending_age_seconds',
      help: "Age of the consumer group's oldest unacknowledged or undelivered entry",
      labelNames: ['stream'],
      registers,
    });
    this.sinceProgress = new Gauge({
      name: 'stream_seconds_since_progress',
      help: 'Seconds this consumer has had work without acknowledging anything (0 when idle)',
      labelNames: ['stream'],
      registers,
    });
  }
}
