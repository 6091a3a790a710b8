import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JsonObject, ToolCallLogEntity } from '@app/database';
import { maskPii, maskPiiDeep, truncateString, truncateToolParameters } from '@app/domain';
import { ToolCallLogEntry } from './types';

const MAX_INT = 2_147_483_647;
const INSERT_CHUNK = 1000;
const clampInt = (value: number): number =>
  Number.isFinite(value) ? Math.min(MAX_INT, Math.max(0, Math.round(value))) : 0;

/**
 * Appends tool-call log rows. Logging must never break a conversation: a database error is
 * logged and the entries are dropped.
 */
@Injectable()
export class ToolCallLogWriter {
  private readonly logger = new Logger(ToolCallLogWriter.name);

  public constructor(
    @InjectRepository(ToolCallLogEntity)
    private readonly logs: Repository<ToolCallLogEntity>,
  ) {}

  /** Stores the entries with one multi-row INSERT (truncated and masked). */
  public async record(entries: ToolCallLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      const rows = entries.map((entry) => ToolCallLogWriter.toRow(entry));
      // One INSERT per batch; chunks only keep a huge batch under PostgreSQL's parameter limit.
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        await this.logs.insert(rows.slice(start, start + INSERT_CHUNK));
      }
    } catch (error) {
      this.logger.warn(
        `dropped ${entries.length} tool-call log row(s): ${error instanceof Error ? error.message : String(error)}`,
      );
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
