import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import {
  EscalationDetailResponseDto,
  EscalationListResponseDto,
  EscalationResolveResponseDto,
  EscalationStatsResponseDto,
  ListEscalationsQueryDto,
} from './dto/escalation.dto';
import { EscalationsService } from './escalations.service';

const ESCALATION_ID = { name: 'escalationId', format: 'uuid', description: 'Escalation id' };

@ApiTags('escalations')
@Controller('api/admin/escalations')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class EscalationsController {
  public constructor(private readonly escalations: EscalationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List escalations, newest first' })
  @ApiOkResponse({ type: EscalationListResponseDto })
  public list(@Query() query: ListEscalationsQueryDto): Promise<EscalationListResponseDto> {
    return this.escalations.list(query);
  }

  @Get('stats')
  @Authenticated()
  @ApiOperation({ summary: 'Escalation counters ("today" in TIMEZONE)' })
  @ApiOkResponse({ type: EscalationStatsResponseDto })
  public stats(): Promise<EscalationStatsResponseDto> {
    return this.escalations.stats();
  }

  @Get(':escalationId')
  @Authenticated()
  @ApiOperation({ summary: 'One escalation with the customer phone' })
  @ApiParam(ESCALATION_ID)
  @ApiOkResponse({ type: EscalationDetailResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(
    @Param('escalationId', ParseUuid) escalationId: string,
  ): Promise<EscalationDetailResponseDto> {
    return this.escalations.get(escalationId);
  }

  @Post(':escalationId/resolve')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Resolve an escalation and hand the conversation back to the bot',
    description:
      'Re-enables the bot in Chatwoot, tells the customer, removes label `escalado` and adds ' +
      'a private note (durably, through the outgoing stream). 400 if already resolved.',
  })
  @ApiParam(ESCALATION_ID)
  @ApiOkResponse({ type: EscalationResolveResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Already resolved' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public resolve(
    @Param('escalationId', ParseUuid) escalationId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<EscalationResolveResponseDto> {
    return this.escalations.resolve(escalationId, actor);
  }
}
