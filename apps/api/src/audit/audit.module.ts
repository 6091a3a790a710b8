import { Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';

/**
 * Import in any domain module that creates, updates or deletes administrable entities. Also
 * serves the audit-log listing (`GET /api/admin/audit-log`), which spans every domain.
 */
@Module({
  controllers: [AuditLogController],
  providers: [AuditService, AuditLogService],
  exports: [AuditService],
})
export class AuditModule {}
