export * from './ai-observability.module';
export * from './llm-call.recorder';
export * from './response-constraints.reader';
export * from './tool-call-log.writer';
export * from './types';
export { LlmPricing } from '@app/config';
