import { Controller, Headers, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { currentTrace, inSpan, requestTrace, SpanKind } from '@app/observability';
import { Public } from '../../auth/public.decorator';
import { ErrorResponseDto } from '../../common/http/error-response.dto';
import { WebhookResponseDto } from './chatwoot-webhook.dto';
import { ChatwootWebhookService } from './chatwoot-webhook.service';

@ApiTags('webhooks')
@Controller('webhook/chatwoot')
export class ChatwootWebhookController {
  public constructor(private readonly webhook: ChatwootWebhookService) {}

  @Post(':token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Chatwoot account webhook (events of the WhatsApp inbox)',
    description:
      'Authenticated by the secret path token (constant-time) and, when ' +
      'CHATWOOT_WEBHOOK_SECRET is set, by X-Chatwoot-Signature. Only incoming, public ' +
      'message_created events are queued; everything else answers 200 ignored.',
  })
  @ApiParam({ name: 'token', description: 'CHATWOOT_WEBHOOK_TOKEN' })
  @ApiHeader({ name: 'X-Chatwoot-Signature', required: false, description: 'sha256=<hex>' })
  @ApiHeader({ name: 'X-Chatwoot-Timestamp', required: false, description: 'Unix seconds' })
  @ApiBody({ description: 'Chatwoot event payload', schema: { type: 'object' } })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not a Chatwoot event' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Bad token or signature' })
  public receive(
    @Param('token') token: string,
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-chatwoot-signature') signature: string | undefined,
    @Headers('x-chatwoot-timestamp') timestamp: string | undefined,
  ): Promise<WebhookResponseDto> {
    // The customer message's trace is the request's (its id is the request id); it travels
    // with the stream entry to the worker.
    const requestId = (req as { id?: unknown }).id;
    return inSpan(
      'chatwoot.webhook',
      () =>
        this.webhook.receive({
          token,
          body: req.body as unknown,
          rawBody: req.rawBody,
          signature,
          timestamp,
        }),
      { kind: SpanKind.SERVER, attributes: { 'http.route': '/webhook/chatwoot/:token' } },
      currentTrace() ??
        requestTrace(
          req.headers.traceparent as string | undefined,
          typeof requestId === 'string' ? requestId : null,
        ),
    );
  }
}
