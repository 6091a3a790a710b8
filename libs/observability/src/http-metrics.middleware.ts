import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Times every request and labels it by the matched route template (`/api/admin/cases/:id`),
 * never by the raw URL, so ids and tokens do not explode label cardinality.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  public constructor(private readonly metrics: MetricsService) {}

  public use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpRequestDuration.startTimer();
    res.on('finish', () => {
      const template = (req.route as { path?: string } | undefined)?.path;
      const route = template ? `${req.baseUrl}${template}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  }
}
