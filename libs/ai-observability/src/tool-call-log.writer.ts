import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JsonObject, ToolCallLogEntity } from '@app/database';
import {
  maskPii,
  maskPiiDeep,
  truncateString,
  truncateToolParameters,
  wakeableSleep,
} from '@app/domain';
import { ToolCallLogEntry } from './types';

const MAX_INT = 2_147_483_647;
const INSERT_CHUNK = 1000;
/**
 * How long a first entry waits for others before the insert starts. Log rows need not be
 * visible at once, and without it most turns at 100 msg/s found no insert running and paid
 * their own statement.
 */
const LINGER_MS = 100;
const clampInt = (value: number): number =>
  Number.isFinite(value) ? Math.min(MAX_INT, Math.max(0, Math.round(value))) : 0;

/**
 * Appends tool-call log rows. Logging must never break a conversation: a database error is
 * logged and the entries are dropped. Entries are grouped: a flush starts LINGER_MS after the
 * first entry and calls made meanwhile or while its insert runs share it, so a busy worker
 * writes a few inserts per second instead of one per turn. A clean stop writes what is queued.
 */
@Injectable()
export class ToolCallLogWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ToolCallLogWriter.name);
  private queued: { rows: Partial<ToolCallLogEntity>[]; done: () => void }[] = [];
  private flushing: Promise<void> | null = null;
  /** Ends the current linger early (shutdown). */
  private lingering: (() => void) | null = null;

  public constructor(
    @InjectRepository(ToolCallLogEntity)
    private readonly logs: Repository<ToolCallLogEntity>,
  ) {}

  /** Stores the entries (truncated and masked); resolves once they are written or dropped. */
  public record(entries: ToolCallLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((done) => {
      this.queued.push({ rows: entries.map((entry) => ToolCallLogWriter.toRow(entry)), done });
      this.kick();
    });
  }

  /**
   * Starts a flush unless one runs. A call can queue after the running flush saw an empty
   * queue but before it settled: the settling flush starts the next one for it.
   */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.lingerThenFlush().finally(() => {
      this.flushing = null;
      if (this.queued.length > 0) this.kick();
    });
  }

  public async beforeApplicationShutdown(): Promise<void> {
    this.lingering?.();
    while (this.flushing) await this.flushing;
  }

  private async lingerThenFlush(): Promise<void> {
    const sleep = wakeableSleep(LINGER_MS);
    this.lingering = sleep.wake;
    await sleep.slept;
    this.lingering = null;
    await this.flush();
  }

  private async flush(): Promise<void> {
    while (this.queued.length > 0) {
      const batches = this.queued.splice(0);
      if (!(await this.insert(batches.flatMap((batch) => batch.rows))) && batches.length > 1) {
        // One caller's bad row must not drop the others' rows: retry each batch on its own.
        for (const batch of batches) await this.insert(batch.rows);
      }
      batches.forEach((batch) => batch.done());
    }
  }

  /** One INSERT per chunk (chunks only keep a huge batch under the parameter limit). */
  private async insert(rows: Partial<ToolCallLogEntity>[]): Promise<boolean> {
    try {
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        await this.logs.insert(rows.slice(start, start + INSERT_CHUNK));
      }
      return true;
    } catch (error) {
      this.logger.warn(
        `dropped ${rows.length} tool-call log row(s): ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  /** The row stored for an entry; exposed for tests of the masking rules. */
  public static toRow(entry: ToolCallLogEntry): Partial<ToolCallLogEntity> {
    // Mask whole strings before truncating, so no personal data survives cut in half.
    const bounded = maskPiiDeep(truncateToolParameters(entry.parameters ?? {}, 10_000));
    const parameters = truncateToolParameters(bounded as Record<string, unknown>) as JsonObject;
    return {
      conversationId: truncateString(String(entry.conversationId), 100),
      toolName: truncateString(String(entry.toolName), 100),
      parameters,
      resultSummary: truncateString(
        maskPii(truncateString(String(entry.resultSummary ?? ''), 10_000)),
        500,
      ),
      resultType: entry.resultType,
      errorMessage: entry.errorMessage
        ? truncateString(maskPii(truncateString(entry.errorMessage, 10_000)), 2000)
        : null,
      executionTimeMs: clampInt(entry.executionTimeMs),
      iteration: clampInt(entry.iteration),
      source: entry.source,
      timestamp: entry.at ?? new Date(),
    };
  }
}
