// Keep the app quiet in tests; individual tests may still read logs from spawned processes.
// eslint-disable-next-line no-restricted-syntax -- test harness configuration, not app code
process.env.NODE_ENV = 'test';
