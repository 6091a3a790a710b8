import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { AccessLogService } from './access-log.service';
import { AccessLogListResponseDto, ListAccessLogQueryDto } from './dto/access-log.dto';

@ApiTags('admin-users')
@Controller('api/admin/access-log')
export class AccessLogController {
  public constructor(private readonly accessLog: AccessLogService) {}

  @Get()
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Login, logout and failed-login trail (newest first)' })
  @ApiOkResponse({ type: AccessLogListResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public list(@Query() query: ListAccessLogQueryDto): Promise<AccessLogListResponseDto> {
    return this.accessLog.list(query);
  }
}
