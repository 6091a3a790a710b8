export * from './catalogue-cache.service';
export * from './catalogue-engine.service';
export * from './catalogue-read.module';
export * from './catalogue-snapshot.loader';
