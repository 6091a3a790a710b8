import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CatalogueRoute } from '../catalogue/common/catalogue-route.decorator';
import { AuditLogService } from './audit-log.service';
import { AuditLogListResponseDto, AuditLogQueryDto } from './dto/audit-log.dto';

@ApiTags('audit log')
@Controller('api/admin/audit-log')
export class AuditLogController {
  public constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @CatalogueRoute({
    summary: 'Audit log of administrable entities, newest first',
    type: AuditLogListResponseDto,
    notFound: false,
  })
  public list(@Query() query: AuditLogQueryDto): Promise<AuditLogListResponseDto> {
    return this.auditLog.list(query);
  }
}
