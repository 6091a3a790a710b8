export * from './auth';
export * from './cases';
export * from './errors';
export * from './settings';
export * from './streams';
export * from './catalogue';
export * from './time';
export * from './validation';
