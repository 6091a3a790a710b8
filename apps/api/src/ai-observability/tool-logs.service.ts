import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { ToolCallLogEntity } from '@app/database';
import {
  ToolCallLogResponseDto,
  ToolLogListQueryDto,
  ToolLogListResponseDto,
  ToolLogPeriodQueryDto,
  ToolLogStatsResponseDto,
  toToolCallLogResponse,
} from './dto/tool-log.dto';

/** Most calls one conversation's log returns (the latest ones, oldest first). */
export const CONVERSATION_TOOL_LOG_LIMIT = 1000;
/** Tool names are a small, closed set; the bound only protects the answer size. */
const TOOL_NAMES_LIMIT = 500;

const inPeriod = <T extends object>(
  query: SelectQueryBuilder<T>,
  period: ToolLogPeriodQueryDto,
): SelectQueryBuilder<T> => {
  if (period.date_from)
    query.andWhere('l.timestamp >= :from', { from: new Date(period.date_from) });
  if (period.date_to) query.andWhere('l.timestamp <= :to', { to: new Date(period.date_to) });
  return query;
};

@Injectable()
export class ToolLogsService {
  public constructor(
    @InjectRepository(ToolCallLogEntity)
    private readonly logs: Repository<ToolCallLogEntity>,
  ) {}

  public async list(query: ToolLogListQueryDto): Promise<ToolLogListResponseDto> {
    const builder = inPeriod(this.logs.createQueryBuilder('l'), query);
    if (query.conversation_id)
      builder.andWhere('l.conversation_id = :conversationId', {
        conversationId: query.conversation_id,
      });
    if (query.tool_name) builder.andWhere('l.tool_name = :toolName', { toolName: query.tool_name });
    if (query.result_type)
      builder.andWhere('l.result_type = :resultType', { resultType: query.result_type });
    if (query.source) builder.andWhere('l.source = :source', { source: query.source });
    const [rows, total] = await builder
      .orderBy('l.timestamp', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .skip(query.skip)
      .take(query.limit)
      .getManyAndCount();
    return { items: rows.map(toToolCallLogResponse), total, skip: query.skip, limit: query.limit };
  }

  public async forConversation(conversationId: string): Promise<ToolCallLogResponseDto[]> {
    const rows = await this.logs.find({
      where: { conversationId },
      order: { timestamp: 'DESC', id: 'DESC' },
      take: CONVERSATION_TOOL_LOG_LIMIT,
    });
    return rows.reverse().map(toToolCallLogResponse);
  }

  public async stats(period: ToolLogPeriodQueryDto): Promise<ToolLogStatsResponseDto[]> {
    const rows = await inPeriod(this.logs.createQueryBuilder('l'), period)
      .select('l.tool_name', 'tool_name')
      .addSelect('COUNT(*)::int', 'total_calls')
      .addSelect(`COUNT(*) FILTER (WHERE l.result_type = 'success')::int`, 'success_count')
      .addSelect(`COUNT(*) FILTER (WHERE l.result_type = 'error')::int`, 'error_count')
      .addSelect(`COUNT(*) FILTER (WHERE l.result_type = 'blocked')::int`, 'blocked_count')
      .addSelect('AVG(l.execution_time_ms)::float8', 'avg_execution_ms')
      .groupBy('l.tool_name')
      .orderBy('total_calls', 'DESC')
      .addOrderBy('l.tool_name', 'ASC')
      .limit(TOOL_NAMES_LIMIT)
      .getRawMany<ToolLogStatsResponseDto>();
    return rows.map((row) => ({
      tool_name: row.tool_name,
      total_calls: row.total_calls,
      success_count: row.success_count,
      error_count: row.error_count,
      blocked_count: row.blocked_count,
      avg_execution_ms:
        row.avg_execution_ms === null ? null : Math.round(row.avg_execution_ms * 10) / 10,
    }));
  }

  public async toolNames(): Promise<string[]> {
    const rows = await this.logs
      .createQueryBuilder('l')
      .select('DISTINCT l.tool_name', 'tool_name')
      .orderBy('tool_name', 'ASC')
      .limit(TOOL_NAMES_LIMIT)
      .getRawMany<{ tool_name: string }>();
    return rows.map((row) => row.tool_name);
  }
}
