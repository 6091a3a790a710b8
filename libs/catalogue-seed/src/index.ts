export * from './seed-plan';
export * from './seed-snapshot';
export * from './seed-source';
export * from './uuid-v5';
