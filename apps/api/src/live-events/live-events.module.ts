import { Module } from '@nestjs/common';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsHub } from './live-events.hub';

/** Server-sent live events for staff clients (`GET /api/admin/events`). */
@Module({
  controllers: [LiveEventsController],
  providers: [LiveEventsHub],
})
export class LiveEventsModule {}
