import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JsonObject, ToolCallLogEntity } from '@app/database';
import {
  LingeringBatcher,
  maskPii,
  maskPiiDeep,
  truncateString,
  truncateToolParameters,
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
 * logged and the entries are dropped. Entries are grouped (`LingeringBatcher`): a busy worker
 * writes a few inserts per second instead of one per turn. A clean stop writes what is queued.
 */
@Injectable()
export class ToolCallLogWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ToolCallLogWriter.name);
  private readonly batcher = new LingeringBatcher<Partial<ToolCallLogEntity>>(LINGER_MS, (rows) =>
    this.insert(rows),
  );

  public constructor(
    @InjectRepository(ToolCallLogEntity)
    private readonly logs: Repository<ToolCallLogEntity>,
  ) {}

  /** Stores the entries (truncated and masked); resolves once they are written or dropped. */
  public record(entries: ToolCallLogEntry[]): Promise<void> {
    return this.batcher.add(entries.map((entry) => ToolCallLogWriter.toRow(entry)));
  }

  public beforeApplicationShutdown(): Promise<void> {
    return this.batcher.drain();
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
