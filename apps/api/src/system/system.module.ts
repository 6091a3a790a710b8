import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SystemErrorsController } from './system-errors.controller';
import { SystemErrorsService } from './system-errors.service';
import { SystemLogsService } from './system-logs.service';
import { SystemController } from './system.controller';
import { ServiceWatchService } from './service-watch.service';
import { SystemService } from './system.service';

/**
 * The system page (`/api/admin/system/*`): services from process heartbeats, restart/stop over
 * Redis, live logs, captured errors and catalogue cache clearing. No container runtime access.
 */
@Module({
  imports: [AuditModule],
  // Errors first: `errors/...` must not be read as a service name.
  controllers: [SystemErrorsController, SystemController],
  providers: [SystemService, SystemLogsService, SystemErrorsService, ServiceWatchService],
})
export class SystemModule {}
