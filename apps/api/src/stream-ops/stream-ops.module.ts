import { Module } from '@nestjs/common';
import { StreamOpsController } from './stream-ops.controller';
import { StreamOpsService } from './stream-ops.service';

@Module({
  controllers: [StreamOpsController],
  providers: [StreamOpsService],
})
export class StreamOpsModule {}
