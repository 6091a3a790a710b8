import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Import in any domain module that creates, updates or deletes administrable entities. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
