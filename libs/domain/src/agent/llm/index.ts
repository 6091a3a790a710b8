export * from './guard';
export * from './prompts';
export * from './tools';
