import { Module } from '@nestjs/common';
import { SystemSettingsReader } from './system-settings.reader';

/** Import where settings are read (api settings module, worker). Needs Database + Redis modules. */
@Module({
  providers: [SystemSettingsReader],
  exports: [SystemSettingsReader],
})
export class SystemSettingsModule {}
