import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { unlink } from 'node:fs/promises';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import {
  ConversationHistoryEntity,
  ConversationMessageEntity,
  CustomerEntity,
  EscalationEntity,
} from '@app/database';
import { notFound } from '@app/domain';
import { RedisService } from '@app/redis';
import { ObjectStorage, StorageArea } from '@app/storage';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/current-admin.decorator';
import { ApiConfig } from '../config/api.config';
import {
  CONVERSATION_PURGE_KEY,
  ConversationPurger,
  conversationRedisPatterns,
} from './conversation-purge';
import {
  ConversationDeletionResponseDto,
  ConversationListResponseDto,
  ConversationMessagesResponseDto,
  ConversationMessageStatsResponseDto,
  ConversationResponseDto,
  ListConversationsQueryDto,
  ListMessagesQueryDto,
  toConversationMessageResponse,
  toConversationResponse,
} from './dto/conversation.dto';
import { pagedListEnvelope } from '../common/http/list-envelope';

/** Conversations and their message archive (`/api/admin/conversations`). */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger(ConversationsService.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly audit: AuditService,
    private readonly config: ApiConfig,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly storage: ObjectStorage,
  ) {}

  public async list(query: ListConversationsQueryDto): Promise<ConversationListResponseDto> {
    const filtered = (alias: string): SelectQueryBuilder<ConversationHistoryEntity> => {
      const where = this.dataSource.createQueryBuilder(ConversationHistoryEntity, alias);
      if (query.user_id) where.where(`${alias}.user_id = :userId`, { userId: query.user_id });
      return where;
    };
    const ordered = <T extends SelectQueryBuilder<ConversationHistoryEntity>>(
      builder: T,
      alias: string,
    ): T => {
      if (query.sort_by === 'last_activity') {
        builder.orderBy(`COALESCE(${alias}.last_message_at, ${alias}.started_at)`, 'DESC');
      } else {
        builder.orderBy(`${alias}.started_at`, 'DESC');
      }
      builder.addOrderBy(`${alias}.id`, 'ASC');
      return builder;
    };
    // The page's ids come from an index-only scan of the sort index, so a deep offset does not
    // read every skipped row.
    const page = ordered(filtered('p').select('p.id'), 'p').offset(query.offset).limit(query.limit);
    const [rows, total] = await Promise.all([
      ordered(filtered('h'), 'h')
        .andWhere(`h.id IN (${page.getQuery()})`)
        .setParameters(page.getParameters())
        .getMany(),
      filtered('h').getCount(),
    ]);
    const customers = await this.customersOf(rows);
    return pagedListEnvelope(rows, total, query, (row) =>
      toConversationResponse(
        row,
        customers.get(row.userId ?? '') ?? null,
        this.chatwootUrl(row.conversationId),
      ),
    );
  }

  public async get(id: string): Promise<ConversationResponseDto> {
    const history = await this.find(id);
    const customers = await this.customersOf([history]);
    return toConversationResponse(
      history,
      customers.get(history.userId ?? '') ?? null,
      this.chatwootUrl(history.conversationId),
    );
  }

  public async messages(
    id: string,
    query: ListMessagesQueryDto,
  ): Promise<ConversationMessagesResponseDto> {
    await this.find(id);
    const [rows, total] = await this.dataSource
      .getRepository(ConversationMessageEntity)
      .findAndCount({
        where: { conversationHistoryId: id },
        order: { createdAt: 'ASC', id: 'ASC' },
        skip: query.offset,
        take: query.limit,
      });
    return {
      messages: rows.map(toConversationMessageResponse),
      total,
      has_more: query.offset + rows.length < total,
      conversation_id: id,
    };
  }

  public async stats(id: string): Promise<ConversationMessageStatsResponseDto> {
    await this.find(id);
    const row = await this.dataSource
      .createQueryBuilder(ConversationMessageEntity, 'm')
      .select('COUNT(*)::int', 'total')
      .addSelect(`COUNT(*) FILTER (WHERE m.role = 'user')::int`, 'user')
      .addSelect(`COUNT(*) FILTER (WHERE m.role = 'assistant')::int`, 'assistant')
      .addSelect('COUNT(*) FILTER (WHERE m.has_images)::int', 'images')
      .addSelect('MIN(m.created_at)', 'first')
      .addSelect('MAX(m.created_at)', 'last')
      .where('m.conversation_history_id = :id', { id })
      .getRawOne<{
        total: number;
        user: number;
        assistant: number;
        images: number;
        first: Date | null;
        last: Date | null;
      }>();
    return {
      total_messages: row?.total ?? 0,
      user_messages: row?.user ?? 0,
      assistant_messages: row?.assistant ?? 0,
      messages_with_images: row?.images ?? 0,
      first_message_at: row?.first ? new Date(row.first).toISOString() : null,
      last_message_at: row?.last ? new Date(row.last).toISOString() : null,
    };
  }

  /**
   * Deletes a conversation and everything attached to it: escalations, data owned by purge
   * participants (cases, images…), the history row (messages cascade), then — after the commit —
   * stored files and the conversation's Redis state. Nothing of the conversation is left behind.
   */
  public async remove(
    id: string,
    actor: AuthenticatedAdmin,
  ): Promise<ConversationDeletionResponseDto> {
    const purgers = this.purgers();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const history = await manager
        .getRepository(ConversationHistoryEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!history) throw notFound('Conversación', id);
      const cid = history.conversationId;
      const counts: Record<string, number> = {};
      const files: string[] = [];
      const storedObjects: { area: StorageArea; key: string }[] = [];
      for (const purger of purgers) {
        const result = await purger.purge(manager, cid);
        for (const [name, value] of Object.entries(result.counts)) {
          counts[name] = (counts[name] ?? 0) + value;
        }
        files.push(...result.files);
        storedObjects.push(...(result.storedObjects ?? []));
      }
      const escalations = await manager.delete(EscalationEntity, { conversationId: cid });
      const messages = await manager.countBy(ConversationMessageEntity, {
        conversationHistoryId: id,
      });
      await manager.delete(ConversationHistoryEntity, { id });
      if (history.userId) {
        // The customer's last activity no longer counts this conversation.
        await manager.query(
          `UPDATE "users" u SET "last_activity_at" = COALESCE(
             (SELECT MAX(COALESCE(h."last_message_at", h."started_at"))
              FROM "conversation_history" h WHERE h."user_id" = u."id"),
             u."created_at")
           WHERE u."id" = $1`,
          [history.userId],
        );
      }
      await this.audit.record(manager, {
        entityType: 'conversation',
        entityId: id,
        action: 'delete',
        changes: { conversation_id: cid, user_id: history.userId, messages },
        user: actor.username,
      });
      return {
        cid,
        counts,
        files,
        storedObjects,
        escalations: escalations.affected ?? 0,
        messages,
      };
    });
    const deletedFiles =
      (await this.removeFiles(outcome.files)) +
      (await this.removeStoredObjects(outcome.storedObjects));
    const deletedKeys = await this.removeRedisState(outcome.cid);
    return {
      message: 'Conversación eliminada',
      details: {
        conversation_id: outcome.cid,
        deleted_messages: outcome.messages,
        deleted_cases: outcome.counts.cases ?? 0,
        deleted_images: outcome.counts.images ?? 0,
        deleted_escalations: outcome.escalations,
        deleted_rag_queries: outcome.counts.rag_queries ?? 0,
        deleted_redis_keys: deletedKeys,
        deleted_files: deletedFiles,
      },
    };
  }

  private async find(id: string): Promise<ConversationHistoryEntity> {
    const history = await this.dataSource
      .getRepository(ConversationHistoryEntity)
      .findOneBy({ id });
    if (!history) throw notFound('Conversación', id);
    return history;
  }

  private async customersOf(
    rows: ConversationHistoryEntity[],
  ): Promise<Map<string, CustomerEntity>> {
    const ids = [...new Set(rows.map((row) => row.userId).filter((v): v is string => !!v))];
    if (ids.length === 0) return new Map();
    const customers = await this.dataSource.getRepository(CustomerEntity).findBy({ id: In(ids) });
    return new Map(customers.map((customer) => [customer.id, customer]));
  }

  private chatwootUrl(conversationId: string): string {
    const { baseUrl, accountId } = this.config.chatwoot;
    return `${baseUrl}/app/accounts/${accountId}/conversations/${conversationId}`;
  }

  private purgers(): ConversationPurger[] {
    return this.discovery
      .getProviders()
      .filter(
        (wrapper) =>
          wrapper.metatype &&
          wrapper.instance &&
          this.reflector.get<boolean | undefined>(
            CONVERSATION_PURGE_KEY,
            wrapper.metatype as NonNullable<typeof wrapper.metatype>,
          ),
      )
      .map((wrapper) => wrapper.instance as ConversationPurger);
  }

  private async removeStoredObjects(
    objects: { area: StorageArea; key: string }[],
  ): Promise<number> {
    let removed = 0;
    for (const { area, key } of objects) {
      try {
        if (await this.storage.delete(area, key)) removed += 1;
      } catch (error) {
        this.logger.warn(`could not delete ${area}/${key}: ${(error as Error).message}`);
      }
    }
    return removed;
  }

  private async removeFiles(files: string[]): Promise<number> {
    let removed = 0;
    for (const file of files) {
      try {
        await unlink(file);
        removed += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.logger.warn(`could not delete ${file}: ${(error as Error).message}`);
        }
      }
    }
    return removed;
  }

  /** SCAN is not key-prefixed by ioredis: match with the prefix, delete without it. */
  private async removeRedisState(conversationId: string): Promise<number> {
    const prefix = this.redis.keyPrefix;
    let deleted = 0;
    for (const pattern of conversationRedisPatterns(conversationId)) {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.client.scan(
          cursor,
          'MATCH',
          `${prefix}${pattern}`,
          'COUNT',
          500,
        );
        cursor = next;
        if (keys.length > 0) {
          deleted += await this.redis.client.unlink(...keys.map((key) => key.slice(prefix.length)));
        }
      } while (cursor !== '0');
    }
    return deleted;
  }
}
