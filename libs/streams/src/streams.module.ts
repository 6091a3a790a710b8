import { Global, Module } from '@nestjs/common';
import { BotResumeMarker } from './bot-resume-marker.service';
import { OutboxService } from './outbox.service';
import { StreamOps } from './stream-ops.service';
import { StreamProducer } from './stream-producer.service';

/** Stream producer and operator actions, shared by the api and the worker. */
@Global()
@Module({
  providers: [StreamProducer, StreamOps, OutboxService, BotResumeMarker],
  exports: [StreamProducer, StreamOps, OutboxService, BotResumeMarker],
})
export class StreamsModule {}
