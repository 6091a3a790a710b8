import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import { ConversationsService } from './conversations.service';
import {
  ConversationDeletionResponseDto,
  ConversationListResponseDto,
  ConversationMessagesResponseDto,
  ConversationMessageStatsResponseDto,
  ConversationResponseDto,
  ListConversationsQueryDto,
  ListMessagesQueryDto,
} from './dto/conversation.dto';

@ApiTags('conversations')
@Controller('api/admin/conversations')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class ConversationsController {
  public constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List conversations, newest first' })
  @ApiOkResponse({ type: ConversationListResponseDto })
  public list(@Query() query: ListConversationsQueryDto): Promise<ConversationListResponseDto> {
    return this.conversations.list(query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One conversation (internal id)' })
  @ApiOkResponse({ type: ConversationResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('id', ParseUuid) id: string): Promise<ConversationResponseDto> {
    return this.conversations.get(id);
  }

  @Get(':id/messages')
  @Authenticated()
  @ApiOperation({ summary: 'Stored messages of a conversation, oldest first' })
  @ApiOkResponse({ type: ConversationMessagesResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public messages(
    @Param('id', ParseUuid) id: string,
    @Query() query: ListMessagesQueryDto,
  ): Promise<ConversationMessagesResponseDto> {
    return this.conversations.messages(id, query);
  }

  @Get(':id/messages/stats')
  @Authenticated()
  @ApiOperation({ summary: 'Message counts of a conversation' })
  @ApiOkResponse({ type: ConversationMessageStatsResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public stats(@Param('id', ParseUuid) id: string): Promise<ConversationMessageStatsResponseDto> {
    return this.conversations.stats(id);
  }

  @Delete(':id')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({
    summary: 'Delete a conversation with its messages, escalations, cases, files and state',
  })
  @ApiOkResponse({ type: ConversationDeletionResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ConversationDeletionResponseDto> {
    return this.conversations.remove(id, actor);
  }
}
