export * from './answer';
export * from './chunking';
export * from './fusion';
export * from './points';
export * from './text';
export * from './contracts';
export * from './embeddings';
