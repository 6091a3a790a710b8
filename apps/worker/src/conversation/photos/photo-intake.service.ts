import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ChatwootClient, ChatwootMessage } from '@app/chatwoot';
import { CaseEntity, CaseImageEntity, ConversationMessageEntity } from '@app/database';
import { DomainError, IncomingAttachmentV1 } from '@app/domain';
import { DownloadError, ImageValidator, SafeDownloader } from '@app/media';
import { ObjectStorage } from '@app/storage';
import { WorkerConfig } from '../../config/worker.config';
import { createdAtMs, MissedPhotoMessage, photoMessagesSince } from './missed-photos';

export interface StoredPhoto {
  attachmentId: number | null;
  chatwootMessageId: number;
  outcome: 'stored' | 'duplicate' | 'refused';
  /** Short Spanish reason shown to the customer when refused. */
  reason: string | null;
  file: {
    storedFilename: string;
    originalFilename: string;
    mimeType: string;
    size: number;
  } | null;
}

export interface PhotoTarget {
  caseId: string;
  /** null = base documentation. */
  elementCode: string | null;
}

/** Pages of Chatwoot's message list (about 20 messages each) read when looking for photos. */
const MAX_LIST_PAGES = 10;

const refusal = (error: unknown): string => {
  if (error instanceof DownloadError) {
    if (error.reason === 'too_large') return 'es demasiado grande';
    if (error.reason === 'blocked') return 'no viene de una dirección permitida';
    return 'no se pudo descargar';
  }
  if (error instanceof DomainError) {
    if (error.code === 'IMAGE_TOO_LARGE') return 'es demasiado grande';
    if (error.code === 'IMAGE_PIXEL_LIMIT_EXCEEDED' || error.code === 'IMAGE_DIMENSIONS_EXCEEDED') {
      return 'tiene una resolución excesiva';
    }
    return 'no es una imagen válida';
  }
  return 'no se pudo procesar';
};

/**
 * Customer photos from Chatwoot: downloaded with the SSRF-safe downloader (only Chatwoot and
 * its storage host; redirects re-checked; retries while the blob lags the webhook), validated
 * (magic number, dimensions, full decode under a pixel limit) and stored privately. Linking
 * to the case happens in the turn's transaction, unique per Chatwoot attachment.
 */
@Injectable()
export class PhotoIntakeService {
  private readonly logger = new Logger(PhotoIntakeService.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly downloader: SafeDownloader,
    private readonly validator: ImageValidator,
    private readonly storage: ObjectStorage,
    private readonly config: WorkerConfig,
    private readonly chatwoot: ChatwootClient,
  ) {}

  /**
   * Customer messages with photos that Chatwoot lists in the conversation since the case was
   * opened but that never reached this service (a lost webhook): "listo" must not move on
   * without them. A Chatwoot failure leaves what was listed so far (the turn goes on).
   */
  public async missedPhotos(conversationId: string, caseId: string): Promise<MissedPhotoMessage[]> {
    const found = await this.dataSource.manager.findOneBy(CaseEntity, { id: caseId });
    if (!found) return [];
    // Chatwoot keeps whole seconds: a photo of the case's very first second still counts.
    const since = Math.floor(found.createdAt.getTime() / 1000) * 1000;
    const listed = new Map<number, ChatwootMessage>();
    let before: number | undefined;
    try {
      for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
        const batch = await this.chatwoot.listMessages(
          conversationId,
          before === undefined ? {} : { before },
        );
        for (const message of batch) listed.set(message.id, message);
        const oldest = Math.min(...batch.map((message) => message.id));
        const reachedCase = batch.some((message) => createdAtMs(message.created_at) < since);
        if (batch.length === 0 || reachedCase || (before !== undefined && oldest >= before)) break;
        before = oldest;
      }
    } catch (error) {
      this.logger.warn(
        `listing conversation ${conversationId} for missed photos failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const candidates = photoMessagesSince([...listed.values()], since);
    if (candidates.length === 0) return [];
    // A message stored before had (or waits for) its own turn.
    const known = await this.dataSource.manager.find(ConversationMessageEntity, {
      where: { chatwootMessageId: In(candidates.map((message) => message.chatwootMessageId)) },
      select: { id: true, chatwootMessageId: true },
    });
    const stored = new Set(known.map((row) => row.chatwootMessageId));
    return candidates.filter((message) => !stored.has(message.chatwootMessageId));
  }

  public async fetchAll(
    caseId: string,
    chatwootMessageId: number,
    attachments: readonly IncomingAttachmentV1[],
  ): Promise<StoredPhoto[]> {
    const results: StoredPhoto[] = [];
    for (const attachment of attachments) {
      results.push(await this.fetchOne(caseId, chatwootMessageId, attachment));
    }
    return results;
  }

  private async fetchOne(
    caseId: string,
    chatwootMessageId: number,
    attachment: IncomingAttachmentV1,
  ): Promise<StoredPhoto> {
    const attachmentId = attachment.id;
    if (
      attachmentId !== null &&
      (await this.dataSource.manager.existsBy(CaseImageEntity, {
        chatwootAttachmentId: attachmentId,
      }))
    ) {
      return { attachmentId, chatwootMessageId, outcome: 'duplicate', reason: null, file: null };
    }
    if (!attachment.data_url) {
      return {
        attachmentId,
        chatwootMessageId,
        outcome: 'refused',
        reason: 'no se pudo descargar',
        file: null,
      };
    }
    try {
      const chatwoot = new URL(this.config.chatwoot.baseUrl);
      const download = await this.downloader.download({
        url: attachment.data_url,
        headers: this.config.chatwoot.apiToken
          ? { api_access_token: this.config.chatwoot.apiToken }
          : undefined,
        credentialOrigins: [chatwoot.origin],
      });
      const image = await this.validator.validate(download.body, {
        maxBytes: this.config.media.images.maxCaseImageBytes,
        declaredMime: attachment.content_type ?? download.contentType,
        originalName: `whatsapp_${chatwootMessageId}_${attachmentId ?? 0}.${attachment.extension ?? 'jpg'}`,
      });
      await this.storage.put('case-images', image.storageName, download.body);
      return {
        attachmentId,
        chatwootMessageId,
        outcome: 'stored',
        reason: null,
        file: {
          storedFilename: image.storageName,
          originalFilename: image.originalName,
          mimeType: image.mimeType,
          size: image.size,
        },
      };
    } catch (error) {
      this.logger.warn(
        `photo ${attachmentId ?? '?'} of case ${caseId} refused: ${error instanceof Error ? error.message : String(error)}`,
      );
      return {
        attachmentId,
        chatwootMessageId,
        outcome: 'refused',
        reason: refusal(error),
        file: null,
      };
    }
  }

  /** Links stored photos to the case; a photo linked before (another delivery) is a duplicate. */
  public async link(
    manager: EntityManager,
    target: PhotoTarget,
    photos: readonly StoredPhoto[],
  ): Promise<StoredPhoto[]> {
    const linked: StoredPhoto[] = [];
    for (const photo of photos) {
      if (photo.outcome !== 'stored' || !photo.file) {
        linked.push(photo);
        continue;
      }
      const [{ count }] = await manager
        .query<{ count: string }[]>(
          `SELECT count(*) AS "count" FROM "case_images" WHERE "case_id" = $1`,
          [target.caseId],
        )
        .then((rows) => (rows.length > 0 ? rows : [{ count: '0' }]));
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(CaseImageEntity)
        .values({
          caseId: target.caseId,
          storedFilename: photo.file.storedFilename,
          originalFilename: photo.file.originalFilename,
          mimeType: photo.file.mimeType,
          fileSize: photo.file.size,
          displayName: `case_${target.caseId.slice(0, 8)}_image_${Number(count) + 1}`,
          elementCode: target.elementCode,
          imageType: target.elementCode ? 'element_photo' : 'base_documentation',
          chatwootAttachmentId: photo.attachmentId,
          chatwootMessageId: photo.chatwootMessageId,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const isNew = (inserted.raw as unknown[]).length > 0;
      linked.push(isNew ? photo : { ...photo, outcome: 'duplicate' });
    }
    return linked;
  }
}
