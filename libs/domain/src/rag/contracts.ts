import { buildEnvelope, MessageType, StreamEnvelope } from '../streams/envelope';

/** Payload of `document.processing_requested.v1`. */
export interface DocumentProcessingRequestedV1 {
  document_id: string;
  /** The document's `processing_run_id` when requested; a different current id = stale entry. */
  run_id: string;
}

/** Envelope of a processing request: one per run, ordered per document. */
export const documentProcessingEnvelope = (
  payload: DocumentProcessingRequestedV1,
  now: Date = new Date(),
): StreamEnvelope<DocumentProcessingRequestedV1> =>
  buildEnvelope(
    MessageType.DOCUMENT_PROCESSING_REQUESTED,
    `document:${payload.document_id}:${payload.run_id}`,
    `document:${payload.document_id}`,
    payload,
    now,
  );
