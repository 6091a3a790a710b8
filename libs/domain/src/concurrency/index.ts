export * from './semaphore';
export * from './wakeable-sleep';
export * from './lingering-batcher';
