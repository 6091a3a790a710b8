import { ChatwootMessage } from '@app/chatwoot';
import { IncomingAttachmentV1 } from '@app/domain';

/** A customer message with photos that Chatwoot has and this service never received. */
export interface MissedPhotoMessage {
  chatwootMessageId: number;
  content: string | null;
  attachments: IncomingAttachmentV1[];
}

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;
const int = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) ? value : null;

/** Chatwoot's REST timestamps are epoch seconds (or ISO text in some versions). */
export const createdAtMs = (value: unknown): number =>
  typeof value === 'number' ? value * 1000 : Date.parse(String(value));

const isIncoming = (message: ChatwootMessage): boolean =>
  (message.message_type === 0 || message.message_type === 'incoming') && !message.private;

/** The REST attachment in the shape the webhook gives (the same fields, same meaning). */
const attachmentOf = (raw: Record<string, unknown>): IncomingAttachmentV1 => ({
  id: int(raw.id),
  file_type: str(raw.file_type) ?? 'file',
  data_url: str(raw.data_url),
  thumb_url: str(raw.thumb_url),
  content_type: str(raw.content_type),
  extension: str(raw.extension),
  file_size: int(raw.file_size),
});

/**
 * Customer messages with at least one image, created at or after `sinceMs`, oldest first. The
 * caller drops the ones it has stored already.
 */
export const photoMessagesSince = (
  messages: readonly ChatwootMessage[],
  sinceMs: number,
): MissedPhotoMessage[] =>
  messages
    .filter((message) => isIncoming(message) && createdAtMs(message.created_at) >= sinceMs)
    .map((message) => ({
      chatwootMessageId: message.id,
      content: typeof message.content === 'string' ? message.content : null,
      attachments: (message.attachments ?? []).map(attachmentOf),
    }))
    .filter((message) => message.attachments.some((a) => a.file_type === 'image'))
    .sort((a, b) => a.chatwootMessageId - b.chatwootMessageId);
