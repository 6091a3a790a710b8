import pino from 'pino';
import { BaseConfig } from '@app/config';
import { buildLoggerParams } from '../logger';
import { ProcessLogSink } from './log-sink';
import { scrubSecrets } from './redact';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** A pino logger with the apps' exact options (redaction, serializers) writing to a sink. */
const loggerInto = (sink: ProcessLogSink): pino.Logger => {
  const config = {
    serviceName: 'api',
    logLevel: 'info',
    processRegistry: { heartbeatIntervalMs: 10000, logRingSize: 100 },
  } as unknown as BaseConfig;
  const params = buildLoggerParams(config).pinoHttp as [pino.LoggerOptions, unknown];
  return pino(params[0], sink);
};

describe('scrubSecrets', () => {
  it('masks tokens, bearer headers, query secrets, webhook tokens and URL passwords', () => {
    const text = scrubSecrets(
      `GET /api/admin/system/api/logs?tail=5&token=${JWT} Authorization: Bearer abcdefghijkl ` +
        'POST /webhook/chatwoot/s3cr3t-token redis://user:hunter2@redis:6379 password=pa55word',
    );
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('abcdefghijkl');
    expect(text).not.toContain('s3cr3t-token');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('pa55word');
    expect(text).toContain('tail=5');
    expect(text).toContain('/webhook/chatwoot/:token');
  });
});

describe('ProcessLogSink', () => {
  it('keeps lines redacted exactly as the logger redacts them', () => {
    const sink = new ProcessLogSink('api', 100);
    const logger = loggerInto(sink);
    logger.info(
      { req: { headers: { authorization: 'Bearer secret-value-123' } }, password: 'hunter2' },
      'login attempt',
    );
    logger.info({ detail: `token=${JWT}` }, 'free text');
    const text = sink
      .drainLines()
      .map((line) => line.text)
      .join('\n');
    expect(text).toContain('login attempt');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('secret-value-123');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(JWT);
  });

  it('groups a storm of identical errors into one group with its count', () => {
    const sink = new ProcessLogSink('agent', 100);
    const logger = loggerInto(sink);
    for (let i = 0; i < 1000; i += 1) {
      const err = new Error(`delivery ${i} failed`);
      logger.error({ err }, `delivery ${i} failed`);
    }
    logger.warn('not an error');
    logger.error('another problem');
    const groups = sink.drainErrors();
    expect(groups).toHaveLength(2);
    const storm = groups.find((group) => group.message.startsWith('delivery'));
    expect(storm?.count).toBe(1000);
    expect(storm?.stack).toContain('at ');
    expect(storm?.level).toBe('ERROR');
    expect(sink.drainErrors()).toHaveLength(0);
  });

  it('bounds the lines kept between flushes', () => {
    const sink = new ProcessLogSink('api', 100);
    const logger = loggerInto(sink);
    for (let i = 0; i < 250; i += 1) logger.info(`line ${i}`);
    const lines = sink.drainLines();
    expect(lines).toHaveLength(100);
    expect(lines[99]?.text).toContain('line 249');
  });

  it('puts back groups whose write failed, merged with new occurrences', () => {
    const sink = new ProcessLogSink('api', 100);
    const logger = loggerInto(sink);
    logger.error('db down 1');
    const failed = sink.drainErrors();
    logger.error('db down 2');
    sink.requeueErrors(failed);
    const groups = sink.drainErrors();
    expect(groups).toHaveLength(1);
    expect(groups[0]?.count).toBe(2);
  });
});
