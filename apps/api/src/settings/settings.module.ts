import { Module } from '@nestjs/common';
import { SystemSettingsModule } from '@app/settings';
import { AuditModule } from '../audit/audit.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

@Module({
  imports: [SystemSettingsModule, AuditModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService, SystemSettingsModule],
})
export class SettingsModule {}
