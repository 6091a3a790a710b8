/** Redis stream names. One place, shared by producers (api) and consumers (worker). */
export const StreamName = {
  INCOMING_MESSAGES: 'incoming_messages_stream',
  OUTGOING_MESSAGES: 'outgoing_messages_stream',
  DOCUMENT_PROCESSING: 'document_processing_stream',
  DEAD_LETTER: 'dead_letter_stream',
} as const;
export type StreamName = (typeof StreamName)[keyof typeof StreamName];
