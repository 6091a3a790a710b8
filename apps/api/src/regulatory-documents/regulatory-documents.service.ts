import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { DocumentChunkEntity, RegulatoryDocumentEntity } from '@app/database';
import { conflict, documentProcessingEnvelope, invalid, notFound } from '@app/domain';
import { ObjectStorage } from '@app/storage';
import { OutboxService } from '@app/streams';
import { AuditService } from '../audit/audit.service';
import {
  ListRegulatoryDocumentsQueryDto,
  RegulatoryDocumentDetailDto,
  RegulatoryDocumentListDto,
  RegulatoryDocumentResponseDto,
  RegulatoryDocumentStatsDto,
  RegulatoryDocumentUploadResponseDto,
  toRegulatoryDocumentResponse,
  UpdateRegulatoryDocumentDto,
  UploadRegulatoryDocumentDto,
} from './regulatory-document.dto';
import { pagedListEnvelope } from '../common/http/list-envelope';

export interface UploadedPdf {
  buffer: Buffer;
  originalname: string;
  size: number;
}

export const DocumentErrorCode = {
  FILE_REQUIRED: 'DOCUMENT_FILE_REQUIRED',
  NOT_PDF: 'DOCUMENT_NOT_PDF',
  DUPLICATE: 'DOCUMENT_DUPLICATE',
  NOT_INDEXED: 'DOCUMENT_NOT_INDEXED',
} as const;

const AUDIT_ENTITY = 'regulatory_document';
const PDF_MAGIC = Buffer.from('%PDF-');

const cleanFilename = (name: string): string =>
  // eslint-disable-next-line no-control-regex
  (name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'documento.pdf').slice(0, 255);

/**
 * Regulatory documents: upload (checked, deduplicated by SHA-256, stored, queued through the
 * outbox in the same transaction as the row), edits, activation and reprocessing. Chunks and
 * their search index live in the same database, so every state change here is one transaction
 * and retrieval (active + indexed only) can never see a half-changed document.
 */
@Injectable()
export class RegulatoryDocumentsService {
  private readonly logger = new Logger(RegulatoryDocumentsService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  public async upload(
    file: UploadedPdf | undefined,
    form: UploadRegulatoryDocumentDto,
    actor: { username: string },
  ): Promise<RegulatoryDocumentUploadResponseDto> {
    if (!file || file.size === 0) {
      throw invalid(DocumentErrorCode.FILE_REQUIRED, 'Adjunte un PDF en el campo "file"');
    }
    if (file.buffer.subarray(0, 1024).indexOf(PDF_MAGIC) < 0) {
      throw invalid(DocumentErrorCode.NOT_PDF, 'El archivo no es un PDF');
    }
    const fileHash = createHash('sha256').update(file.buffer).digest('hex');
    await this.assertNotDuplicate(fileHash);
    const storedFilename = `${randomUUID()}.pdf`;
    await this.storage.put('documents', storedFilename, file.buffer);
    const runId = randomUUID();
    let saved: RegulatoryDocumentEntity;
    try {
      saved = await this.dataSource.transaction(async (manager) => {
        const row = await manager.save(
          manager.create(RegulatoryDocumentEntity, {
            title: form.title,
            documentType: form.document_type,
            documentNumber: form.document_number || null,
            description: form.description || null,
            filename: cleanFilename(file.originalname),
            storedFilename,
            fileSize: file.size,
            fileHash,
            status: 'pending',
            processingProgress: 0,
            isActive: true,
            activatedAt: new Date(),
            uploadedBy: actor.username,
            processingRunId: runId,
          }),
        );
        await this.queue(manager, row.id, runId);
        await this.audit.record(manager, {
          entityType: AUDIT_ENTITY,
          entityId: row.id,
          action: 'create',
          changes: { title: row.title, filename: row.filename, file_hash: fileHash },
          user: actor.username,
        });
        return row;
      });
    } catch (error) {
      await this.storage.delete('documents', storedFilename).catch(() => undefined);
      if ((error as { code?: string }).code === '23505') await this.assertNotDuplicate(fileHash);
      throw error;
    }
    await this.publish(saved.id);
    this.logger.log({ document_id: saved.id, bytes: saved.fileSize }, 'document uploaded');
    return {
      id: saved.id,
      status: saved.status,
      message: 'Documento subido; se procesará en segundo plano',
    };
  }

  public async list(query: ListRegulatoryDocumentsQueryDto): Promise<RegulatoryDocumentListDto> {
    const where: FindOptionsWhere<RegulatoryDocumentEntity> = {};
    if (query.status) where.status = query.status as RegulatoryDocumentEntity['status'];
    if (query.is_active !== undefined) where.isActive = query.is_active;
    if (query.document_type) where.documentType = query.document_type;
    const [rows, total] = await this.dataSource
      .getRepository(RegulatoryDocumentEntity)
      .findAndCount({
        where,
        order: { createdAt: 'DESC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      });
    return pagedListEnvelope(rows, total, query, toRegulatoryDocumentResponse);
  }

  public async get(id: string): Promise<RegulatoryDocumentDetailDto> {
    const row = await this.find(this.dataSource.manager, id);
    const chunkCount = await this.dataSource
      .getRepository(DocumentChunkEntity)
      .countBy({ documentId: id });
    return {
      ...toRegulatoryDocumentResponse(row),
      chunk_count: chunkCount,
      section_mappings: row.sectionMappings,
    };
  }

  public async update(
    id: string,
    dto: UpdateRegulatoryDocumentDto,
    actor: { username: string },
  ): Promise<RegulatoryDocumentResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.find(manager, id, true);
      const changes: Partial<RegulatoryDocumentEntity> = {};
      if (dto.title !== undefined) changes.title = dto.title;
      if (dto.document_type !== undefined) changes.documentType = dto.document_type;
      if (dto.document_number !== undefined) changes.documentNumber = dto.document_number || null;
      if (dto.description !== undefined) changes.description = dto.description || null;
      if (dto.tags !== undefined) changes.tags = [...new Set(dto.tags.map((t) => t.trim()))];
      if (Object.keys(changes).length > 0) {
        await manager.update(RegulatoryDocumentEntity, id, changes);
        await this.audit.record(manager, {
          entityType: AUDIT_ENTITY,
          entityId: id,
          action: 'update',
          changes: { ...dto },
          user: actor.username,
        });
      }
      return toRegulatoryDocumentResponse({ ...row, ...changes, updatedAt: new Date() });
    });
  }

  /** Only an indexed document can answer questions. */
  public async setActive(
    id: string,
    active: boolean,
    actor: { username: string },
  ): Promise<RegulatoryDocumentResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.find(manager, id, true);
      if (active && row.status !== 'indexed') {
        throw invalid(
          DocumentErrorCode.NOT_INDEXED,
          'Solo se puede activar un documento indexado',
          { status: row.status },
        );
      }
      const now = new Date();
      const changes: Partial<RegulatoryDocumentEntity> = active
        ? { isActive: true, activatedAt: now }
        : { isActive: false, deactivatedAt: now };
      await manager.update(RegulatoryDocumentEntity, id, changes);
      await this.audit.record(manager, {
        entityType: AUDIT_ENTITY,
        entityId: id,
        action: 'update',
        changes: { is_active: active },
        user: actor.username,
      });
      return toRegulatoryDocumentResponse({ ...row, ...changes, updatedAt: now });
    });
  }

  /** Drops the chunks and queues a new run; the previous run (if still going) writes nothing. */
  public async reprocess(
    id: string,
    actor: { username: string },
  ): Promise<RegulatoryDocumentUploadResponseDto> {
    const runId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await this.find(manager, id, true);
      await manager.delete(DocumentChunkEntity, { documentId: id });
      await manager.update(RegulatoryDocumentEntity, id, {
        status: 'pending',
        processingProgress: 0,
        errorMessage: null,
        totalChunks: null,
        indexedAt: null,
        processingRunId: runId,
      });
      await this.queue(manager, id, runId);
      await this.audit.record(manager, {
        entityType: AUDIT_ENTITY,
        entityId: id,
        action: 'update',
        changes: { reprocess: true, processing_run_id: runId },
        user: actor.username,
      });
    });
    await this.publish(id);
    return { id, status: 'pending', message: 'Documento en cola para reprocesar' };
  }

  /** Row, chunks (cascade) and audit entry in one transaction; the file after the commit. */
  public async delete(id: string, actor: { username: string }): Promise<{ message: string }> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const row = await this.find(manager, id, true);
      await manager.delete(RegulatoryDocumentEntity, { id });
      await this.audit.record(manager, {
        entityType: AUDIT_ENTITY,
        entityId: id,
        action: 'delete',
        changes: { title: row.title, filename: row.filename },
        user: actor.username,
      });
      return row;
    });
    await this.storage
      .delete('documents', removed.storedFilename)
      .catch((error: unknown) =>
        this.logger.warn(
          { document_id: id, err: String(error) },
          'document row deleted but the file could not be removed',
        ),
      );
    return { message: 'Documento eliminado' };
  }

  public async stats(): Promise<RegulatoryDocumentStatsDto> {
    const [row] = await this.dataSource.query<Record<string, string | null>[]>(`
      SELECT COUNT(*)::int AS total,
             COUNT(*) FILTER (WHERE status = 'indexed')::int AS indexed,
             COUNT(*) FILTER (WHERE is_active AND status = 'indexed')::int AS active,
             COUNT(*) FILTER (WHERE status = 'pending')::int AS pending,
             COUNT(*) FILTER (WHERE status = 'processing')::int AS processing,
             COUNT(*) FILTER (WHERE status = 'failed')::int AS failed,
             COALESCE(SUM(file_size), 0)::bigint AS bytes,
             (SELECT COUNT(*) FROM document_chunks)::int AS chunks
      FROM regulatory_documents`);
    const bytes = Number(row?.bytes ?? 0);
    return {
      total_documents: Number(row?.total ?? 0),
      indexed_documents: Number(row?.indexed ?? 0),
      active_documents: Number(row?.active ?? 0),
      pending_documents: Number(row?.pending ?? 0),
      processing_documents: Number(row?.processing ?? 0),
      failed_documents: Number(row?.failed ?? 0),
      total_chunks: Number(row?.chunks ?? 0),
      total_size_bytes: bytes,
      total_size_mb: Math.round((bytes / 1024 / 1024) * 100) / 100,
    };
  }

  private async assertNotDuplicate(fileHash: string): Promise<void> {
    const existing = await this.dataSource
      .getRepository(RegulatoryDocumentEntity)
      .findOne({ where: { fileHash }, select: { id: true, title: true } });
    if (existing) {
      throw conflict(
        DocumentErrorCode.DUPLICATE,
        `Este PDF ya existe: "${existing.title}" (ID ${existing.id})`,
        { existing_id: existing.id, existing_title: existing.title },
      );
    }
  }

  private async find(
    manager: EntityManager,
    id: string,
    lock = false,
  ): Promise<RegulatoryDocumentEntity> {
    const row = await manager.findOne(RegulatoryDocumentEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw notFound('Documento', id);
    return row;
  }

  private queue(manager: EntityManager, documentId: string, runId: string): Promise<void> {
    return this.outbox.add(manager, [
      documentProcessingEnvelope({ document_id: documentId, run_id: runId }),
    ]);
  }

  /** After commit; a Redis hiccup leaves the row to the worker's outbox sweeper. */
  private async publish(documentId: string): Promise<void> {
    await this.outbox
      .publishKey(`document:${documentId}`)
      .catch((error: unknown) =>
        this.logger.warn(
          { document_id: documentId, err: String(error) },
          'outbox publish deferred to the sweeper',
        ),
      );
  }
}
