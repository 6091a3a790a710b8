import { Global, Module } from '@nestjs/common';
import { BotResumeMarker } from './bot-resume-marker.service';
import { LiveEventPublisher } from './live-events';
import { OutboxService } from './outbox.service';
import { StreamOps } from './stream-ops.service';
import { StreamProducer } from './stream-producer.service';

/** Stream producer and operator actions, shared by the api and the worker. */
@Global()
@Module({
  providers: [StreamProducer, StreamOps, OutboxService, BotResumeMarker, LiveEventPublisher],
  exports: [StreamProducer, StreamOps, OutboxService, BotResumeMarker, LiveEventPublisher],
})
export class StreamsModule {}
