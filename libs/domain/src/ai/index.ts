export * from './llm-pricing';
export * from './pii';
export * from './regex-safety';
export * from './response-constraints';
export * from './tool-parameters';
