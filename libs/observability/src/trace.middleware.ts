import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { requestTrace, withTrace } from './tracing';

/**
 * Makes every HTTP request a trace whose id is its request id (continuing an incoming W3C
 * `traceparent` instead when there is one), so each log line of the request, the access line
 * included, carries `trace_id`, and work it queues (stream entries) continues the trace.
 */
@Injectable()
export class TraceMiddleware implements NestMiddleware {
  public use(req: Request, res: Response, next: NextFunction): void {
    const requestId = (req as { id?: unknown }).id ?? res.getHeader('X-Request-Id');
    const traceparent = req.headers.traceparent;
    withTrace(
      requestTrace(
        typeof traceparent === 'string' ? traceparent : null,
        typeof requestId === 'string' ? requestId : null,
      ),
      next,
    );
  }
}
