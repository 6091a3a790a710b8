export * from './auth';
export * from './cases';
export * from './errors';
export * from './streams';
export * from './time';
export * from './validation';
