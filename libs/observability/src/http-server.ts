import { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';

/**
 * Node closes an idle keep-alive socket after 5 s, sooner than the clients and proxies in front
 * of it drop theirs (60 s for nginx and most load balancers; an HTTP client whose event loop lags
 * can miss its own shorter timer). A request sent on a socket the server closes at that instant
 * fails with a connection reset, which the sender cannot tell from a crash, and Chatwoot never
 * re-sends a webhook. So the server keeps idle sockets longer than any of them.
 */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function configureHttpServer(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or a slow request's headers time out on a reused socket.
  server.headersTimeout = HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000;
}
