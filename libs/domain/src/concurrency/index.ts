export * from './semaphore';
export * from './wakeable-sleep';
