export * from './webhook-event';
export * from './bot-handover';
