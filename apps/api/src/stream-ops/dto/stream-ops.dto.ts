import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsOptional, Matches } from 'class-validator';
import { QueryInteger } from '../../common/validation/decorators';
import { DeadLetter, RedriveResult, StreamStats } from '@app/streams';

export const STREAM_ID_PATTERN = /^\d{1,20}-\d{1,20}$/;

export class ConsumerStatsDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  pending: number;

  @ApiProperty({ description: 'Milliseconds since the consumer last read or claimed' })
  idle_ms: number;
}

export class GroupStatsDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: [ConsumerStatsDto] })
  consumers: ConsumerStatsDto[];

  @ApiProperty({ description: 'Delivered, not yet acknowledged' })
  pending: number;

  @ApiProperty()
  last_delivered_id: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Entries not yet delivered' })
  lag: number | null;

  @ApiProperty({ type: String, nullable: true })
  oldest_pending_id: string | null;

  @ApiProperty({ type: Number, nullable: true })
  oldest_pending_age_ms: number | null;
}

export class StreamStatsDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  length: number;

  @ApiProperty({ type: [GroupStatsDto] })
  groups: GroupStatsDto[];
}

export class StreamStatsResponseDto {
  @ApiProperty({ type: [StreamStatsDto] })
  streams: StreamStatsDto[];
}

export class ListDeadLettersQueryDto {
  @QueryInteger({ min: 1, max: 200, default: 50 })
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Page: dead letters older than this id' })
  @IsOptional()
  @Matches(STREAM_ID_PATTERN, { message: 'before debe ser un id de stream (1700000000000-0)' })
  before?: string;
}

export class DeadLetterDto {
  @ApiProperty({ description: 'Dead-letter entry id' })
  id: string;

  @ApiProperty()
  original_stream: string;

  @ApiProperty()
  original_id: string;

  @ApiProperty({ type: String, nullable: true })
  message_type: string | null;

  @ApiProperty({ type: String, nullable: true })
  message_id: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Conversation (ordering key)' })
  ordering_key: string | null;

  @ApiProperty()
  error: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty()
  failed_at: string;

  @ApiProperty()
  consumer_group: string;

  @ApiProperty()
  consumer: string;

  @ApiProperty({ description: 'The dead entry as it was queued (JSON envelope)' })
  data: string;
}

export class DeadLetterListResponseDto {
  @ApiProperty({ type: [DeadLetterDto] })
  items: DeadLetterDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  has_more: boolean;
}

export class RedriveResultDto {
  @ApiProperty()
  dead_letter_id: string;

  @ApiProperty({ description: 'false when it was re-driven (or deleted) before' })
  redriven: boolean;

  @ApiProperty({ type: String, nullable: true })
  new_entry_id: string | null;
}

export class RedriveAllResponseDto {
  @ApiProperty()
  redriven: number;

  @ApiProperty({ type: [RedriveResultDto] })
  results: RedriveResultDto[];
}

export const toStreamStats = (stats: StreamStats[]): StreamStatsResponseDto => ({
  streams: stats.map((stream) => ({ ...stream, groups: stream.groups.map((g) => ({ ...g })) })),
});
export const toDeadLetterDto = (letter: DeadLetter): DeadLetterDto => ({ ...letter });
export const toRedriveResult = (result: RedriveResult): RedriveResultDto => ({ ...result });
