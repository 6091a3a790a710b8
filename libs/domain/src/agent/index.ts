export * from './contract';
export * from './understanding';
export * from './case-data';
export * from './engine';
export * from './llm';
