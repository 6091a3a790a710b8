export * from './spanish-ids';
