export * from './setting-value';
