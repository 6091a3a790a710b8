export * from './chatwoot.client';
export * from './chatwoot.errors';
export * from './chatwoot.module';
export * from './chatwoot.types';
