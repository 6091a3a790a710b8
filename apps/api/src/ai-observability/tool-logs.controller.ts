import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import {
  ToolCallLogResponseDto,
  ToolLogListQueryDto,
  ToolLogListResponseDto,
  ToolLogPeriodQueryDto,
  ToolLogStatsResponseDto,
} from './dto/tool-log.dto';
import { ConversationIdPipe } from './conversation-id.pipe';
import { ToolLogsService } from './tool-logs.service';

@ApiTags('tool logs')
@Controller('api/admin/tool-logs')
@Authenticated()
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class ToolLogsController {
  public constructor(private readonly toolLogs: ToolLogsService) {}

  @Get()
  @ApiOperation({ summary: 'Tool calls of the assistant, newest first (skip/limit paging)' })
  @ApiOkResponse({ type: ToolLogListResponseDto })
  public list(@Query() query: ToolLogListQueryDto): Promise<ToolLogListResponseDto> {
    return this.toolLogs.list(query);
  }

  @Get('stats')
  @ApiOperation({ summary: 'Per tool: calls, successes, errors, blocked calls and mean duration' })
  @ApiOkResponse({ type: [ToolLogStatsResponseDto] })
  public stats(@Query() query: ToolLogPeriodQueryDto): Promise<ToolLogStatsResponseDto[]> {
    return this.toolLogs.stats(query);
  }

  @Get('tool-names')
  @ApiOperation({ summary: 'Names of the tools that have been called, sorted' })
  @ApiOkResponse({ type: [String] })
  public toolNames(): Promise<string[]> {
    return this.toolLogs.toolNames();
  }

  @Get('conversation/:conversationId')
  @ApiOperation({
    summary: 'Tool calls of one conversation, oldest first (the latest 1000)',
  })
  @ApiParam({ name: 'conversationId', description: 'Chatwoot conversation id', type: String })
  @ApiOkResponse({ type: [ToolCallLogResponseDto] })
  public forConversation(
    @Param('conversationId', ConversationIdPipe) conversationId: string,
  ): Promise<ToolCallLogResponseDto[]> {
    return this.toolLogs.forConversation(conversationId);
  }
}
