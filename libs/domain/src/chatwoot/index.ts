export * from './webhook-event';
