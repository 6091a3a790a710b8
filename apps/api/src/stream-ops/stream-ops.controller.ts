import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRole, ErrorCode, invalid } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import {
  DeadLetterListResponseDto,
  ListDeadLettersQueryDto,
  RedriveAllResponseDto,
  RedriveResultDto,
  STREAM_ID_PATTERN,
  StreamStatsResponseDto,
} from './dto/stream-ops.dto';
import { StreamOpsService } from './stream-ops.service';

const parseStreamId = (id: string): string => {
  if (!STREAM_ID_PATTERN.test(id)) {
    throw invalid(ErrorCode.VALIDATION_FAILED, 'Identificador de entrada no válido');
  }
  return id;
};

@ApiTags('system')
@Controller('api/admin/system/streams')
@Authenticated({ roles: [AdminRole.ADMIN] })
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class StreamOpsController {
  public constructor(private readonly streams: StreamOpsService) {}

  @Get()
  @ApiOperation({
    summary: 'Per stream: length, groups, consumers, pending count, oldest pending age',
  })
  @ApiOkResponse({ type: StreamStatsResponseDto })
  public stats(): Promise<StreamStatsResponseDto> {
    return this.streams.stats();
  }

  @Get('dead-letters')
  @ApiOperation({ summary: 'Dead letters, newest first' })
  @ApiOkResponse({ type: DeadLetterListResponseDto })
  public deadLetters(@Query() query: ListDeadLettersQueryDto): Promise<DeadLetterListResponseDto> {
    return this.streams.deadLetters(query);
  }

  @Post('dead-letters/redrive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Re-drive every dead letter to its stream (idempotent)' })
  @ApiOkResponse({ type: RedriveAllResponseDto })
  public redriveAll(@CurrentAdmin() actor: AuthenticatedAdmin): Promise<RedriveAllResponseDto> {
    return this.streams.redriveAll(actor);
  }

  @Post('dead-letters/:id/redrive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Re-drive one dead letter (idempotent: a second call reports redriven=false)',
  })
  @ApiOkResponse({ type: RedriveResultDto })
  public redrive(
    @Param('id') id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RedriveResultDto> {
    return this.streams.redrive(parseStreamId(id), actor);
  }
}
