import { Controller, Get, NotAcceptableException, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotAcceptableResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { compareStreamIds, invalid } from '@app/domain';
import { liveEventVisibleTo } from '@app/streams';
import { AuthenticatedAdmin, AuthSession } from '../auth/auth-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentAdmin, CurrentSession } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { LiveEventsHub } from './live-events.hub';
import { formatSseEvent, LIVE_EVENT_TYPES_DOC, SSE_HEARTBEAT, SSE_RETRY_MS } from './sse';

/** A comment line every 15 s keeps proxies from closing an idle stream and reveals dead peers. */
const HEARTBEAT_MS = 15_000;
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

@ApiTags('events')
@Controller('api/admin/events')
export class LiveEventsController {
  public constructor(private readonly hub: LiveEventsHub) {}

  @Get()
  @Authenticated({ allowQueryToken: true })
  @ApiOperation({
    summary: 'Live events for staff (server-sent events)',
    description:
      'A `text/event-stream` that stays open and announces, across all api replicas: ' +
      `${LIVE_EVENT_TYPES_DOC}. Each event has \`id\` (resume point), \`event\` (its type) and ` +
      '`data` (JSON `{ "id", "type", "time", "payload" }`; the payload holds ids and states, ' +
      'never personal data). The first event, `ready`, carries the current position. ' +
      'Reconnect with the `Last-Event-ID` header (EventSource does it) or `?last_event_id=` ' +
      'to receive what was missed. A comment line is sent every 15 s. The stream ends when ' +
      'the access token expires; reconnect with a fresh one. Requires ' +
      '`Accept: text/event-stream`. EventSource cannot send headers: pass the JWT as `?token=`.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Id of the last event received; the missed ones are sent first',
  })
  @ApiQuery({
    name: 'last_event_id',
    required: false,
    type: String,
    description: 'Same as the Last-Event-ID header, for clients that cannot set it',
  })
  @ApiOkResponse({
    description: 'The event stream (never ends on its own before the token expires)',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed last event id' })
  @ApiNotAcceptableResponse({
    type: ErrorResponseDto,
    description: 'The client does not accept text/event-stream',
  })
  public async stream(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @CurrentSession() session: AuthSession,
  ): Promise<void> {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      throw new NotAcceptableException('Este recurso solo se sirve como text/event-stream');
    }
    const lastEventId = this.lastEventId(req);

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Reverse proxies (nginx) must not buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);

    let closed = false;
    // Events fanned out while the backlog is read wait here, then follow it in order.
    let pending: { id: string; chunk: string }[] | null = [];
    const write = (chunk: string): void => {
      if (!closed) res.write(chunk);
    };
    const send = (id: string, chunk: string): void => {
      if (pending) pending.push({ id, chunk });
      else write(chunk);
    };
    const visible = (role: string, event: Parameters<typeof liveEventVisibleTo>[0]): boolean =>
      liveEventVisibleTo(event, role);

    const { position, unsubscribe } = await this.hub.subscribe({
      deliver: (id, event) => {
        // Another replica's reader may be ahead of this one: skip what the client already has.
        if (lastEventId && compareStreamIds(id, lastEventId) <= 0) return;
        if (visible(admin.role, event)) send(id, formatSseEvent(id, event));
      },
    });
    const heartbeat = setInterval(() => write(SSE_HEARTBEAT), HEARTBEAT_MS);
    const expiresInMs = session.exp * 1000 - Date.now();
    const expiry = setTimeout(() => close(), Math.max(0, Math.min(expiresInMs, 2 ** 31 - 1)));
    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
      res.end();
    };
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);
    // The client may have left while we were attaching.
    if (req.socket.destroyed) close();

    write(`retry: ${SSE_RETRY_MS}\n\n`);
    try {
      if (lastEventId) {
        for (const entry of await this.hub.backlog(lastEventId, position)) {
          if (visible(admin.role, entry.event)) write(formatSseEvent(entry.id, entry.event));
        }
      }
    } catch {
      close(); // Redis failed mid-resume: the client reconnects and resumes again
      return;
    }
    // `ready` marks the live point; its id is a valid resume point even if no event follows.
    const readyAt =
      lastEventId && compareStreamIds(lastEventId, position) > 0 ? lastEventId : position;
    write(`id: ${readyAt}\nevent: ready\ndata: {}\n\n`);
    const queued = pending;
    pending = null;
    // Only what follows the ready point: anything up to it went out with the backlog.
    for (const { id, chunk } of queued) if (compareStreamIds(id, readyAt) > 0) write(chunk);
  }

  private lastEventId(req: Request): string | null {
    const header = req.headers['last-event-id'];
    const query = req.query.last_event_id;
    const raw = typeof header === 'string' && header ? header : query;
    if (raw === undefined || raw === '') return null;
    if (typeof raw !== 'string' || !STREAM_ID.test(raw)) {
      throw invalid('INVALID_LAST_EVENT_ID', 'Last-Event-ID no válido: se espera un id de evento', {
        expected: '<ms>-<seq>',
      });
    }
    return raw;
  }
}
