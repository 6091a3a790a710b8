export * from './chatwoot.env';
export * from './common.config';
export * from './common.env';
export * from './config.module';
export * from './llm-pricing';
export * from './llm.env';
export * from './process-env';
export * from './validate-env';
