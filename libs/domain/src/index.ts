export * from './auth';
export * from './errors';
export * from './settings';
export * from './streams';
