import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HandoverModule } from '../handover/handover.module';
import { EscalationsController } from './escalations.controller';
import { EscalationsService } from './escalations.service';

/** Escalations to humans: list, stats, detail, resolve. */
@Module({
  imports: [AuditModule, HandoverModule],
  controllers: [EscalationsController],
  providers: [EscalationsService],
})
export class EscalationsModule {}
