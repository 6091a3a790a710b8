export * from './case-status';
