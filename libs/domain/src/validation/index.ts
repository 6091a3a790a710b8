export * from './spanish-ids';
export * from './vin';
