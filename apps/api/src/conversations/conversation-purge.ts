import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StorageArea } from '@app/storage';

export const CONVERSATION_PURGE_KEY = 'conversations:purge-participant';

/**
 * Marks a provider that owns data of a conversation (cases and their images, RAG queries, …).
 * Deleting a conversation calls every participant inside the delete transaction; the files it
 * returns are removed after the commit.
 */
export const ConversationPurgeParticipant = (): ClassDecorator =>
  SetMetadata(CONVERSATION_PURGE_KEY, true);

export interface ConversationPurgeResult {
  /** Counts merged into the delete answer (`cases`, `images`, `rag_queries`, …). */
  counts: Record<string, number>;
  /** Absolute paths of stored files to remove once the transaction committed. */
  files: string[];
  /** Objects in the storage port (`case-images`, …) to remove once the transaction committed. */
  storedObjects?: { area: StorageArea; key: string }[];
}

export interface ConversationPurger {
  purge(manager: EntityManager, chatwootConversationId: string): Promise<ConversationPurgeResult>;
}

/** Redis keys (patterns) holding per-conversation state; stream bookkeeping is not included. */
export const conversationRedisPatterns = (conversationId: string): string[] => [
  `conversation:${conversationId}:*`,
  `image_batch:${conversationId}`,
  `image_batch_final:${conversationId}`,
  `checkpoint:${conversationId}:*`,
  `checkpoint_write:${conversationId}:*`,
  `write_keys_zset:${conversationId}:*`,
  `checkpoint_latest:${conversationId}:*`,
];
