import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminRole, ErrorCode, invalid } from '@app/domain';
import { AuthenticatedAdmin, AuthSession } from '../auth/auth-request';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentAdmin, CurrentSession } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import {
  CacheClearResponseDto,
  DockerStatusResponseDto,
  LogLineDto,
  LogLinesResponseDto,
  LogsQueryDto,
  ServiceActionResponseDto,
  SYSTEM_SERVICES,
  SystemServicesResponseDto,
} from './dto/system.dto';
import { SystemLogsService } from './system-logs.service';
import { knownService, SystemService } from './system.service';

/** A comment line every 15 s keeps proxies from closing an idle stream and reveals dead peers. */
const HEARTBEAT_MS = 15_000;
/** New lines are picked up this often. */
const POLL_MS = 1000;
const LOGGED_SERVICES = new Set(['api', 'agent']);

const SERVICE_PARAM = { name: 'service', enum: SYSTEM_SERVICES };

/** One SSE message; a multi-line text becomes several `data:` lines (joined by the client). */
const sseData = (text: string, id?: string): string =>
  `${id ? `id: ${id}\n` : ''}${text
    .split(/\r?\n/)
    .map((part) => `data: ${part}`)
    .join('\n')}\n\n`;

@ApiTags('system')
@Controller('api/admin/system')
export class SystemController {
  public constructor(
    private readonly system: SystemService,
    private readonly logs: SystemLogsService,
  ) {}

  @Get('docker-status')
  @Authenticated()
  @ApiOperation({
    summary: 'Container runtime access: always unavailable (no Docker socket is used)',
  })
  @ApiOkResponse({ type: DockerStatusResponseDto })
  public dockerStatus(): DockerStatusResponseDto {
    return this.system.dockerStatus();
  }

  @Get('services')
  @Authenticated()
  @ApiOperation({
    summary: 'Services with status and health',
    description:
      '`api` and `agent` (the stream workers) from the heartbeats their processes write every ' +
      'PROCESS_HEARTBEAT_INTERVAL_MS (one entry per service, every live instance under ' +
      '`instances`); `postgres` and `redis` from a live ping; `admin-panel` is not observable ' +
      'from the backend (`unknown`).',
  })
  @ApiOkResponse({ type: SystemServicesResponseDto })
  public services(): Promise<SystemServicesResponseDto> {
    return this.system.services();
  }

  @Post('cache/clear')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Invalidate every cached catalogue read (all replicas, audited)',
  })
  @ApiOkResponse({ type: CacheClearResponseDto })
  public clearCache(@CurrentAdmin() actor: AuthenticatedAdmin): Promise<CacheClearResponseDto> {
    return this.system.clearCache(actor);
  }

  @Post(':service/restart')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Restart the processes of a service (audited)',
    description:
      'Every process of `api` or `agent` finishes its running work, exits, and is started ' +
      'again by its supervisor (compose `restart: unless-stopped`, systemd). A stopped ' +
      '`agent` takes work again after the restart. `postgres`, `redis` and `admin-panel` are ' +
      'not managed from here (400).',
  })
  @ApiParam(SERVICE_PARAM)
  @ApiOkResponse({ type: ServiceActionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Service not managed here' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown service' })
  public restart(
    @Param('service') service: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ServiceActionResponseDto> {
    return this.system.control(service, 'restart', actor);
  }

  @Post(':service/stop')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Stop the workers taking work (audited)',
    description:
      '`agent` only: its processes finish their running work and take no more, also across ' +
      'process restarts, until `restart` is called. The api cannot be stopped from itself ' +
      '(400); nor can `postgres`, `redis` or `admin-panel`.',
  })
  @ApiParam(SERVICE_PARAM)
  @ApiOkResponse({ type: ServiceActionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Service cannot be stopped' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown service' })
  public stop(
    @Param('service') service: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ServiceActionResponseDto> {
    return this.system.control(service, 'stop', actor);
  }

  @Get(':service/logs')
  @Authenticated({ roles: [AdminRole.ADMIN], allowQueryToken: true })
  @ApiOperation({
    summary: 'Recent and live log lines of a service',
    description:
      'With `Accept: text/event-stream`: server-sent events, first the last `tail` lines ' +
      '(each one `data:` message with the line as text, id = its position), then new lines ' +
      'as they are written, a comment every 15 s; the stream ends when the token expires. ' +
      'Otherwise a JSON snapshot of the last `tail` lines. Lines of every instance of `api` ' +
      'or `agent`, redacted (no credentials, tokens or personal data). `postgres`, `redis` ' +
      'and `admin-panel` logs are not collected: the stream sends one `Error:` line, JSON ' +
      'answers 400. EventSource cannot send headers: pass the JWT as `?token=`.',
  })
  @ApiParam(SERVICE_PARAM)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({
    type: LogLinesResponseDto,
    description: 'JSON snapshot, or the event stream when text/event-stream is accepted',
  })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Logs of that service are not collected',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown service' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid tail' })
  public async streamLogs(
    @Param('service') name: string,
    @Query() query: LogsQueryDto,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentSession() session: AuthSession,
  ): Promise<void> {
    const service = knownService(name);
    const wantsStream = (req.headers.accept ?? '').includes('text/event-stream');
    const collected = LOGGED_SERVICES.has(service);
    if (!wantsStream) {
      if (!collected) throw this.notCollected(service);
      const items = await this.logs.tail(service, query.tail);
      res.status(200).json({ service, items } satisfies LogLinesResponseDto);
      return;
    }

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Reverse proxies (nginx) must not buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    if (!collected) {
      res.end(sseData(`Error: ${this.notCollected(service).message}`));
      return;
    }
    req.socket.setNoDelay(true);

    let closed = false;
    let pollTimer: NodeJS.Timeout | null = null;
    const write = (chunk: string): void => {
      if (!closed) res.write(chunk);
    };
    const send = (line: LogLineDto): void => write(sseData(line.line, line.id));
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    const expiresInMs = session.exp * 1000 - Date.now();
    const expiry = setTimeout(() => close(), Math.max(0, Math.min(expiresInMs, 2 ** 31 - 1)));
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      if (pollTimer) clearTimeout(pollTimer);
      release();
      res.end();
    };
    const release = this.logs.track(close);
    req.on('close', close);
    res.on('error', close);

    let cursor = '0-0';
    try {
      const initial = await this.logs.tail(service, query.tail);
      initial.forEach(send);
      cursor = initial[initial.length - 1]?.id ?? '0-0';
    } catch {
      write(sseData('Error: no se pudieron leer los registros; reintentando'));
    }
    const poll = async (): Promise<void> => {
      pollTimer = null;
      if (closed) return;
      try {
        const lines = await this.logs.after(service, cursor);
        lines.forEach(send);
        cursor = lines[lines.length - 1]?.id ?? cursor;
      } catch {
        // Redis hiccup: try again on the next tick; the heartbeat keeps the stream open.
      }
      if (!closed) pollTimer = setTimeout(() => void poll(), POLL_MS);
    };
    if (!closed) pollTimer = setTimeout(() => void poll(), POLL_MS);
  }

  private notCollected(service: string): Error {
    return invalid(
      ErrorCode.VALIDATION_FAILED,
      `Los registros de ${service} no los recoge la aplicación; consúltelos en su plataforma`,
      { service },
    );
  }
}
