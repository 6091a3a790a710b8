import { Injectable } from '@nestjs/common';
import { RedisService } from '@app/redis';

/** How long staff's "bot back on" overrides a stale `atencion_automatica=false` from Chatwoot. */
export const BOT_RESUME_MARKER_TTL_SECONDS = 600;

/**
 * Closes the gap between "staff re-enabled the bot" and "Chatwoot knows it": until the worker
 * has written `atencion_automatica=true` to Chatwoot, webhooks still report `false` and would be
 * dropped. Resolving a case or an escalation sets this marker after commit; the webhook accepts
 * the conversation's messages while it exists; the worker clears it once Chatwoot has the new
 * value (or when staff pause the bot again). It lives in the conversation's Redis namespace, so
 * deleting a conversation removes it.
 */
@Injectable()
export class BotResumeMarker {
  public constructor(private readonly redis: RedisService) {}

  public static key(conversationId: string): string {
    return `conversation:${conversationId}:bot_resuming`;
  }

  public async set(conversationId: string): Promise<void> {
    await this.redis.client.set(
      BotResumeMarker.key(conversationId),
      new Date().toISOString(),
      'EX',
      BOT_RESUME_MARKER_TTL_SECONDS,
    );
  }

  public async isSet(conversationId: string): Promise<boolean> {
    return (await this.redis.client.exists(BotResumeMarker.key(conversationId))) === 1;
  }

  public async clear(conversationId: string): Promise<void> {
    await this.redis.client.del(BotResumeMarker.key(conversationId));
  }
}
