export * from './auth';
export * from './errors';
export * from './streams';
export * from './catalogue';
