import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import {
  TOOL_CALL_SOURCES,
  TOOL_RESULT_TYPES,
  ToolCallLogEntity,
  ToolCallSource,
  ToolResultType,
} from '@app/database';
import { MAX_OFFSET } from '../../common/http/pagination.dto';
import { QueryInteger } from '../../common/validation/decorators';

export const TOOL_LOG_MAX_LIMIT = 200;

export class ToolLogPeriodQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Calls at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  date_from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Calls at or before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  date_to?: string;
}

export class ToolLogListQueryDto extends ToolLogPeriodQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Chatwoot conversation id' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  conversation_id?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  tool_name?: string;

  @ApiPropertyOptional({ enum: TOOL_RESULT_TYPES })
  @IsOptional()
  @IsIn(TOOL_RESULT_TYPES)
  result_type?: ToolResultType;

  @ApiPropertyOptional({ enum: TOOL_CALL_SOURCES, description: 'Who chose the call' })
  @IsOptional()
  @IsIn(TOOL_CALL_SOURCES)
  source?: ToolCallSource;

  @QueryInteger({ min: 0, max: MAX_OFFSET, default: 0 })
  skip: number = 0;

  @QueryInteger({ min: 1, max: TOOL_LOG_MAX_LIMIT, default: 50 })
  limit: number = 50;
}

export class ToolCallLogResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Chatwoot conversation id' }) conversation_id: string;
  @ApiProperty() tool_name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Strings cut to 200 characters; personal data masked',
  })
  parameters: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) result_summary: string | null;
  @ApiProperty({ enum: TOOL_RESULT_TYPES }) result_type: ToolResultType;
  @ApiProperty({ type: String, nullable: true }) error_message: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) execution_time_ms: number | null;
  @ApiProperty({ type: 'integer' }) iteration: number;
  @ApiProperty({ enum: TOOL_CALL_SOURCES }) source: ToolCallSource;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
}

export class ToolLogListResponseDto {
  @ApiProperty({ type: [ToolCallLogResponseDto] }) items: ToolCallLogResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() skip: number;
  @ApiProperty() limit: number;
}

export class ToolLogStatsResponseDto {
  @ApiProperty() tool_name: string;
  @ApiProperty() total_calls: number;
  @ApiProperty() success_count: number;
  @ApiProperty() error_count: number;
  @ApiProperty() blocked_count: number;
  @ApiProperty({ type: Number, nullable: true }) avg_execution_ms: number | null;
}

export const toToolCallLogResponse = (row: ToolCallLogEntity): ToolCallLogResponseDto => ({
  id: row.id,
  conversation_id: row.conversationId,
  tool_name: row.toolName,
  parameters: row.parameters,
  result_summary: row.resultSummary,
  result_type: row.resultType,
  error_message: row.errorMessage,
  execution_time_ms: row.executionTimeMs,
  iteration: row.iteration,
  source: row.source,
  timestamp: row.timestamp.toISOString(),
});
