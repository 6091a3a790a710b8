export * from './bot-resume-marker.service';
export * from './keys';
export * from './live-events';
export * from './outbox.service';
export * from './scripts';
export * from './stream-ops.service';
export * from './stream-producer.service';
export * from './streams.module';
