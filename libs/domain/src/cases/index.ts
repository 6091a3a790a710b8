export * from './case-status';
export * from './case-notes';
export * from './case-element-status';
