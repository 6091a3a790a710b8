import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { MessageResponseDto } from '../common/http/message-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import {
  ClearResolvedErrorsResponseDto,
  ContainerErrorLogDto,
  ContainerErrorLogsResponseDto,
  ContainerErrorStatsDto,
  ListContainerErrorsQueryDto,
  ResolveContainerErrorDto,
} from './dto/system.dto';
import { SystemErrorsService } from './system-errors.service';

@ApiTags('system')
@Controller('api/admin/system/errors')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class SystemErrorsController {
  public constructor(private readonly errors: SystemErrorsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Captured errors of the api and workers, most recently seen first',
    description:
      'Every error-level log line is captured; identical errors (same service, same message ' +
      'once numbers and ids are removed, same first stack frame) are one row with ' +
      '`occurrence_count` and `last_seen_at`. `status` defaults to `open`.',
  })
  @ApiOkResponse({ type: ContainerErrorLogsResponseDto })
  public list(@Query() query: ListContainerErrorsQueryDto): Promise<ContainerErrorLogsResponseDto> {
    return this.errors.list(query);
  }

  @Get('stats')
  @Authenticated()
  @ApiOperation({ summary: 'Open errors by service and level, and errors seen in 24 h' })
  @ApiOkResponse({ type: ContainerErrorStatsDto })
  public stats(): Promise<ContainerErrorStatsDto> {
    return this.errors.stats();
  }

  @Post(':id/resolve')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Mark an error resolved or ignored, with notes',
    description:
      'A resolved error that happens again opens a new row; an ignored one keeps counting ' +
      'without showing as open.',
  })
  @ApiOkResponse({ type: ContainerErrorLogDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'The same error recurred meanwhile and already has an unresolved row',
  })
  public resolve(
    @Param('id', ParseUuid) id: string,
    @Body() body: ResolveContainerErrorDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ContainerErrorLogDto> {
    return this.errors.resolve(id, body, actor);
  }

  @Delete()
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Delete every resolved or ignored error' })
  @ApiOkResponse({ type: ClearResolvedErrorsResponseDto })
  public clearClosed(): Promise<ClearResolvedErrorsResponseDto> {
    return this.errors.clearClosed();
  }

  @Delete(':id')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Delete one captured error' })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public async remove(@Param('id', ParseUuid) id: string): Promise<MessageResponseDto> {
    await this.errors.remove(id);
    return { message: 'Error eliminado' };
  }
}
