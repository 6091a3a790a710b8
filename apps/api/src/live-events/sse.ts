import { LiveEvent, LiveEventType } from '@app/streams';

/** How long EventSource waits before reconnecting (sent once as `retry:`). */
export const SSE_RETRY_MS = 3000;
export const SSE_HEARTBEAT = ': keep-alive\n\n';

export const LIVE_EVENT_TYPES_DOC = [
  `\`${LiveEventType.ESCALATION_CREATED}\` (escalation_id, conversation_id, source, priority)`,
  `\`${LiveEventType.ESCALATION_RESOLVED}\` (escalation_id, conversation_id[, case_id])`,
  `\`${LiveEventType.CASE_PENDING_REVIEW}\` (case_id, conversation_id)`,
  `\`${LiveEventType.DOCUMENT_PROGRESS}\` (document_id, status, progress…)`,
  `\`${LiveEventType.SERVICE_DOWN}\` (service, …; admins only)`,
].join(', ');

/** One SSE message: `id` = stream entry id, `event` = type, `data` = one JSON line. */
export const formatSseEvent = (id: string, event: LiveEvent): string =>
  `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify({
    id,
    type: event.type,
    time: event.time,
    payload: event.payload,
  })}\n\n`;
