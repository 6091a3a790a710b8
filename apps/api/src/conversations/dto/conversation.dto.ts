import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsIn, IsOptional, IsUUID } from 'class-validator';
import {
  ConversationHistoryEntity,
  ConversationMessageEntity,
  CustomerEntity,
} from '@app/database';
import { LimitOffsetQueryDto, limitOffsetQuery } from '../../common/http/pagination.dto';
import { PagedListResponseDto } from '../../common/http/list-envelope';

export const CONVERSATION_SORTS = ['started_at', 'last_activity', 'created_at'] as const;

export class ListConversationsQueryDto extends LimitOffsetQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this customer’s conversations' })
  @IsOptional()
  @IsUUID('all', { message: 'user_id debe ser un UUID' })
  user_id?: string;

  @ApiPropertyOptional({
    enum: CONVERSATION_SORTS,
    default: 'started_at',
    description: 'Newest first; last_activity orders by the last customer message',
  })
  @IsOptional()
  @IsIn(CONVERSATION_SORTS)
  sort_by: (typeof CONVERSATION_SORTS)[number] = 'started_at';
}

/** Messages of one conversation, oldest first (`limit` 1–200, default 100). */
export class ListMessagesQueryDto extends limitOffsetQuery(200, 100) {}

export class ConversationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Chatwoot conversation id' })
  conversation_id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  user_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_phone: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  started_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  ended_at: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_message_at: string | null;

  @ApiProperty()
  message_count: number;

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ description: 'Link to the conversation in Chatwoot' })
  chatwoot_url: string;
}

export class ConversationListResponseDto extends PagedListResponseDto(ConversationResponseDto) {}

export class ConversationMessageResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conversation_history_id: string;

  @ApiProperty({ enum: ['user', 'assistant'] })
  role: 'user' | 'assistant';

  @ApiProperty()
  content: string;

  @ApiProperty({ type: Number, nullable: true })
  chatwoot_message_id: number | null;

  @ApiProperty()
  has_images: boolean;

  @ApiProperty()
  image_count: number;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class ConversationMessagesResponseDto {
  @ApiProperty({ type: [ConversationMessageResponseDto] })
  messages: ConversationMessageResponseDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  has_more: boolean;

  @ApiProperty({ format: 'uuid', description: 'Internal conversation id' })
  conversation_id: string;
}

export class ConversationMessageStatsResponseDto {
  @ApiProperty()
  total_messages: number;

  @ApiProperty()
  user_messages: number;

  @ApiProperty()
  assistant_messages: number;

  @ApiProperty()
  messages_with_images: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  first_message_at: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_message_at: string | null;
}

export class ConversationDeletionDetailsDto {
  @ApiProperty({ description: 'Chatwoot conversation id' })
  conversation_id: string;

  @ApiProperty()
  deleted_messages: number;

  @ApiProperty()
  deleted_cases: number;

  @ApiProperty()
  deleted_images: number;

  @ApiProperty()
  deleted_escalations: number;

  @ApiProperty()
  deleted_rag_queries: number;

  @ApiProperty()
  deleted_redis_keys: number;

  @ApiProperty()
  deleted_files: number;
}

export class ConversationDeletionResponseDto {
  @ApiProperty()
  message: string;

  @ApiProperty({ type: ConversationDeletionDetailsDto })
  details: ConversationDeletionDetailsDto;
}

export const toConversationResponse = (
  history: ConversationHistoryEntity,
  customer: CustomerEntity | null,
  chatwootUrl: string,
): ConversationResponseDto => ({
  id: history.id,
  conversation_id: history.conversationId,
  user_id: history.userId,
  user_name: customer
    ? [customer.firstName, customer.lastName].filter(Boolean).join(' ') || null
    : null,
  user_phone: customer?.phone ?? null,
  started_at: history.startedAt.toISOString(),
  ended_at: history.endedAt?.toISOString() ?? null,
  last_message_at: history.lastMessageAt?.toISOString() ?? null,
  message_count: history.messageCount,
  summary: history.summary,
  chatwoot_url: chatwootUrl,
});

export const toConversationMessageResponse = (
  message: ConversationMessageEntity,
): ConversationMessageResponseDto => ({
  id: message.id,
  conversation_history_id: message.conversationHistoryId,
  role: message.role,
  content: message.content,
  chatwoot_message_id: message.chatwootMessageId,
  has_images: message.hasImages,
  image_count: message.imageCount,
  created_at: message.createdAt.toISOString(),
});
