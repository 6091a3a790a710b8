import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import pino from 'pino';
import { BaseConfig } from '@app/config';
import { traceLogFields } from './tracing';
import { logSinkFor } from './process/log-sink';
import { processServiceName } from './process/process-keys';

export const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Never log credentials or message bodies; phone numbers are masked where logged on purpose. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-chatwoot-signature"]',
  'res.headers["set-cookie"]',
  'password',
  'new_password',
  'current_password',
  'access_token',
  'refresh_token',
];

/** Drops query strings from logged URLs: tokens and search terms (PII) travel there. */
const pathOnly = (url: string | undefined): string => (url ?? '').split('?')[0] ?? '';

/** Request ids: honour a sane incoming X-Request-Id (from a proxy), else mint one; echo it back. */
export const genRequestId = (req: IncomingMessage, res: ServerResponse): string => {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  const id = candidate && VALID_REQUEST_ID.test(candidate) ? candidate : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
};

/**
 * Every line goes to stdout and, already redacted, to the process's log sink (recent lines
 * and error capture for the system page).
 */
const destinations = (config: BaseConfig): pino.MultiStreamRes =>
  pino.multistream([
    { level: 'trace', stream: pino.destination({ fd: 1, sync: true }) },
    {
      level: 'trace',
      stream: logSinkFor(
        config,
        processServiceName(config.serviceName),
        config.processRegistry.logRingSize,
      ),
    },
  ]);

export const buildLoggerParams = (config: BaseConfig): Params => ({
  pinoHttp: [
    {
      level: config.logLevel,
      base: { service: config.serviceName },
      // `trace_id` on every line written while a traced message or request is handled.
      mixin: traceLogFields,
      genReqId: genRequestId,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // The webhook path carries its secret token; log the route template instead.
      serializers: {
        req: (req: {
          id: string;
          method: string;
          url: string;
          raw?: { route?: { path?: string } };
        }) => ({
          id: req.id,
          method: req.method,
          url: pathOnly(req.url).replace(/^\/webhook\/chatwoot\/[^/]+/, '/webhook/chatwoot/:token'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return 'info';
      },
      autoLogging: {
        ignore: (req) => {
          const url = pathOnly(req.url);
          return url === '/health' || url === '/metrics';
        },
      },
      quietReqLogger: true,
    },
    destinations(config),
  ],
});
