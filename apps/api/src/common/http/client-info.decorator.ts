import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

/** Client address (honours TRUST_PROXY_HOPS via Express `req.ip`) and user agent. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ClientInfo => {
    const request = context.switchToHttp().getRequest<Request>();
    const userAgent = request.headers['user-agent'];
    return {
      ip: request.ip ?? request.socket?.remoteAddress ?? null,
      userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
    };
  },
);
