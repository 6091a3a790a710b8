import { Global, Module } from '@nestjs/common';
import { ProcessRegistryService } from './process-registry.service';

/** Heartbeat, recent logs, error capture and control listener of this process. */
@Global()
@Module({
  providers: [ProcessRegistryService],
  exports: [ProcessRegistryService],
})
export class ProcessRegistryModule {}
