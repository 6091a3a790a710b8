export * from './zoned-day';
