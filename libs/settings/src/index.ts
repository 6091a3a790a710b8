export * from './system-settings.module';
export * from './system-settings.reader';
