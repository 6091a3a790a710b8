import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';
import { StreamOps } from './stream-ops.service';
import { StreamProducer } from './stream-producer.service';

/** Stream producer and operator actions, shared by the api and the worker. */
@Global()
@Module({
  providers: [StreamProducer, StreamOps, OutboxService],
  exports: [StreamProducer, StreamOps, OutboxService],
})
export class StreamsModule {}
