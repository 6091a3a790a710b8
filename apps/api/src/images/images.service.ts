import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { UploadedImageEntity } from '@app/database';
import { notFound } from '@app/domain';
import {
  ImageErrorCode,
  imageRejected,
  ImageValidator,
  MEDIA_OPTIONS,
  MediaOptions,
} from '@app/media';
import { ObjectStorage } from '@app/storage';
import { AuditService } from '../audit/audit.service';
import { ImageListResponseDto, ImageResponseDto, toImageResponse } from './dto/image.dto';
import { ListImagesQueryDto, UploadImageQueryDto } from './dto/image-query.dto';
import { listEnvelope } from '../common/http/list-envelope';

/** The file as the upload interceptor hands it over (multer memory storage). */
export interface UploadedImageFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

export interface ImageActor {
  username: string;
}

const AUDIT_ENTITY = 'uploaded_image';

@Injectable()
export class ImagesService {
  private readonly logger = new Logger(ImagesService.name);

  public constructor(
    @InjectRepository(UploadedImageEntity)
    private readonly images: Repository<UploadedImageEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly validator: ImageValidator,
    private readonly storage: ObjectStorage,
    @Inject(MEDIA_OPTIONS) private readonly options: MediaOptions,
    private readonly audit: AuditService,
  ) {}

  /**
   * Validates, stores the file under a new uuid name, then records the row and its audit entry
   * in one transaction; if the row cannot be written the file is removed again.
   */
  public async upload(
    file: UploadedImageFile | undefined,
    query: UploadImageQueryDto,
    actor: ImageActor,
  ): Promise<ImageResponseDto> {
    if (!file) {
      throw imageRejected(ImageErrorCode.IMAGE_REQUIRED, 'Adjunte una imagen en el campo "file"');
    }
    const image = await this.validator.validate(file.buffer, {
      maxBytes: this.options.images.maxUploadBytes,
      declaredMime: file.mimetype,
      originalName: file.originalname,
    });
    await this.storage.put('images', image.storageName, file.buffer);
    try {
      const saved = await this.dataSource.transaction(async (manager) => {
        const row = await manager.save(
          manager.create(UploadedImageEntity, {
            filename: image.originalName,
            storedFilename: image.storageName,
            mimeType: image.mimeType,
            fileSize: image.size,
            width: image.width,
            height: image.height,
            category: query.category ?? null,
            description: query.description ?? null,
            uploadedBy: actor.username,
          }),
        );
        await this.audit.record(manager, {
          entityType: AUDIT_ENTITY,
          entityId: row.id,
          action: 'create',
          changes: {
            filename: row.filename,
            stored_filename: row.storedFilename,
            category: row.category,
          },
          user: actor.username,
        });
        return row;
      });
      this.logger.log(
        { image_id: saved.id, stored_filename: saved.storedFilename, bytes: saved.fileSize },
        'image uploaded',
      );
      return toImageResponse(saved);
    } catch (error) {
      await this.storage.delete('images', image.storageName).catch(() => undefined);
      throw error;
    }
  }

  public async list(query: ListImagesQueryDto): Promise<ImageListResponseDto> {
    const [rows, total] = await this.images.findAndCount({
      where: query.category ? { category: query.category } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
    return listEnvelope(rows, total, query, toImageResponse);
  }

  public async get(id: string): Promise<ImageResponseDto> {
    const row = await this.images.findOneBy({ id });
    if (!row) throw notFound('Imagen', id);
    return toImageResponse(row);
  }

  /**
   * Deletes the row (with an audit entry) first and the file after the commit: a failure
   * in between leaves at worst an unreferenced file, never a row pointing at nothing.
   */
  public async delete(id: string, actor: ImageActor): Promise<void> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(UploadedImageEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw notFound('Imagen', id);
      await manager.delete(UploadedImageEntity, { id });
      await this.audit.record(manager, {
        entityType: AUDIT_ENTITY,
        entityId: id,
        action: 'delete',
        changes: { filename: row.filename, stored_filename: row.storedFilename },
        user: actor.username,
      });
      return row;
    });
    try {
      await this.storage.delete('images', removed.storedFilename);
    } catch (error) {
      this.logger.warn(
        { image_id: id, stored_filename: removed.storedFilename, err: String(error) },
        'image row deleted but the file could not be removed',
      );
    }
  }
}
