export * from './auth';
export * from './chatwoot';
export * from './customers';
export * from './errors';
export * from './streams';
export * from './text';
