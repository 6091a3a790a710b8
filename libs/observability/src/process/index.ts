export * from './error-fingerprint';
export * from './log-sink';
export * from './process-keys';
export * from './process-registry.module';
export * from './process-registry.service';
export * from './redact';
export * from './crash-capture';
