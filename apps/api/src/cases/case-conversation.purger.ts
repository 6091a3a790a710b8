import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseEntity, CaseImageEntity } from '@app/database';
import {
  ConversationPurgeParticipant,
  ConversationPurgeResult,
  ConversationPurger,
} from '../conversations/conversation-purge';

/**
 * Deleting a conversation deletes its cases (images and element data cascade) and, after the
 * commit, the customer photos in storage: no customer document outlives its conversation.
 */
@Injectable()
@ConversationPurgeParticipant()
export class CaseConversationPurger implements ConversationPurger {
  public async purge(
    manager: EntityManager,
    conversationId: string,
  ): Promise<ConversationPurgeResult> {
    const images = await manager
      .createQueryBuilder(CaseImageEntity, 'i')
      .innerJoin(CaseEntity, 'c', 'c.id = i.case_id')
      .select('i.stored_filename', 'storedFilename')
      .where('c.conversation_id = :conversationId', { conversationId })
      .getRawMany<{ storedFilename: string }>();
    const deleted = await manager.delete(CaseEntity, { conversationId });
    return {
      counts: { cases: deleted.affected ?? 0, images: images.length },
      files: [],
      storedObjects: images.map((image) => ({ area: 'case-images', key: image.storedFilename })),
    };
  }
}
