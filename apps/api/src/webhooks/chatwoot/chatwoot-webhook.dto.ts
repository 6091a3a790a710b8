import { ApiProperty } from '@nestjs/swagger';

export const WEBHOOK_STATUSES = [
  'received',
  'duplicate',
  'ignored',
  'ignored_auto_attention_disabled',
] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export class WebhookResponseDto {
  @ApiProperty({
    enum: WEBHOOK_STATUSES,
    description:
      '`received`: queued for the worker; `duplicate`: this Chatwoot message id was queued ' +
      'before; `ignored`: not an incoming public message_created; ' +
      '`ignored_auto_attention_disabled`: the bot is off in this conversation',
  })
  status: WebhookStatus;
}
