export * from './chatwoot-contracts';
export * from './envelope';
export * from './stream-names';
