import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import archiver, { Archiver } from 'archiver';
import { DataSource } from 'typeorm';
import { CaseEntity, CaseImageEntity, CustomerEntity } from '@app/database';
import { DomainError, notFound } from '@app/domain';
import { mimeForExtension } from '@app/media';
import { ObjectStorage } from '@app/storage';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { attachmentDisposition, safeFileName } from '../common/http/content-disposition';
import { CaseErrorCode } from './case-errors';
import { ValidateCaseImageDto } from './dto/case-query.dto';
import { CaseImageValidationResponseDto } from './dto/case-response.dto';

const extensionOf = (storedFilename: string): string =>
  storedFilename.includes('.') ? (storedFilename.split('.').pop() ?? 'bin') : 'bin';

const downloadName = (image: CaseImageEntity): string =>
  `${safeFileName(image.displayName, 'imagen')}.${extensionOf(image.storedFilename)}`;

/** ZIP file name staff download: `expediente_{matricula|sin_matricula}_{First_Last}.zip`. */
export function caseZipName(
  matricula: string | null,
  user: Pick<CustomerEntity, 'firstName' | 'lastName'> | null,
): string {
  const plate = matricula?.replace(/\s+/g, '') || 'sin_matricula';
  const name = [user?.firstName, user?.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, '_');
  return safeFileName(name ? `expediente_${plate}_${name}.zip` : `expediente_${plate}.zip`);
}

/**
 * Staff downloads of customer photos (token-authenticated admin routes, never public paths),
 * the streamed ZIP of a whole case, and image review.
 */
@Injectable()
export class CaseFilesService {
  private readonly logger = new Logger(CaseFilesService.name);

  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly audit: AuditService,
  ) {}

  public async openImage(caseId: string, imageId: string): Promise<StreamableFile> {
    const image = await this.findImage(caseId, imageId);
    const file = await this.storage.get('case-images', image.storedFilename);
    if (!file) throw notFound('Archivo de imagen', image.id);
    return new StreamableFile(file.stream, {
      type: mimeForExtension(image.storedFilename) ?? 'application/octet-stream',
      length: file.size,
      disposition: attachmentDisposition(downloadName(image)),
    });
  }

  /**
   * All photos of a case as a ZIP, streamed: entries are read from storage one at a time while
   * the archive is written to the client, so memory stays flat whatever the case size. Photos
   * are already compressed, so entries are stored, not deflated. A client that disconnects
   * destroys the archive, which stops the loop.
   */
  public async openZip(caseId: string): Promise<StreamableFile> {
    const entity = await this.dataSource
      .createQueryBuilder(CaseEntity, 'c')
      .leftJoinAndSelect('c.user', 'u')
      .where('c.id = :caseId', { caseId })
      .getOne();
    if (!entity) throw notFound('Expediente', caseId);
    const images = await this.dataSource.getRepository(CaseImageEntity).find({
      where: { caseId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (images.length === 0) {
      throw new DomainError(
        'not_found',
        CaseErrorCode.NO_IMAGES,
        'El expediente no tiene imágenes',
        { case_id: caseId },
      );
    }
    const archive = archiver('zip', { store: true });
    void this.fillArchive(archive, caseId, images);
    return new StreamableFile(archive, {
      type: 'application/zip',
      disposition: attachmentDisposition(
        caseZipName(entity.vehiculoMatricula, entity.user ?? null),
      ),
    });
  }

  public async validateImage(
    caseId: string,
    imageId: string,
    body: ValidateCaseImageDto,
    actor: AuthenticatedAdmin,
  ): Promise<CaseImageValidationResponseDto> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const image = await this.findImage(caseId, imageId, manager.getRepository(CaseImageEntity));
      const before = { is_valid: image.isValid, validation_notes: image.validationNotes };
      image.isValid = body.is_valid;
      image.validationNotes = body.validation_notes?.trim() || null;
      const saved = await manager.save(image);
      await this.audit.record(manager, {
        entityType: 'case_image',
        entityId: image.id,
        action: 'update',
        changes: {
          case_id: caseId,
          is_valid: { old: before.is_valid, new: saved.isValid },
          validation_notes: { old: before.validation_notes, new: saved.validationNotes },
        },
        user: actor.username,
      });
      return saved;
    });
    return {
      id: updated.id,
      is_valid: updated.isValid,
      validation_notes: updated.validationNotes,
      message: 'Validación de la imagen actualizada',
    };
  }

  private async fillArchive(
    archive: Archiver,
    caseId: string,
    images: CaseImageEntity[],
  ): Promise<void> {
    const used = new Set<string>();
    let closed = false;
    archive.once('close', () => (closed = true));
    archive.on('warning', (warning) => this.logger.warn(`zip warning: ${warning.message}`));
    try {
      for (const image of images) {
        if (closed || archive.destroyed) return;
        const file = await this.storage.get('case-images', image.storedFilename);
        if (!file) {
          this.logger.warn({ msg: 'case image file missing', case_id: caseId, image_id: image.id });
          continue;
        }
        const name = this.uniqueName(downloadName(image), used);
        // One file open at a time: wait until archiver has consumed this entry.
        await new Promise<void>((resolve, reject) => {
          const onEntry = (): void => {
            cleanup();
            resolve();
          };
          const onEnd = (): void => {
            cleanup();
            file.stream.destroy();
            resolve();
          };
          const onError = (error: Error): void => {
            cleanup();
            reject(error);
          };
          const cleanup = (): void => {
            archive.off('entry', onEntry);
            archive.off('close', onEnd);
            archive.off('error', onError);
          };
          archive.on('entry', onEntry);
          archive.once('close', onEnd);
          archive.once('error', onError);
          archive.append(file.stream, { name, date: image.createdAt });
        });
      }
      if (!closed && !archive.destroyed) await archive.finalize();
    } catch (error) {
      this.logger.error({
        msg: 'case zip failed',
        case_id: caseId,
        error: error instanceof Error ? error.message : String(error),
      });
      archive.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private uniqueName(name: string, used: Set<string>): string {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    for (let n = 2; used.has(candidate.toLowerCase()); n += 1) {
      candidate = dot > 0 ? `${name.slice(0, dot)}_${n}${name.slice(dot)}` : `${name}_${n}`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  }

  private async findImage(
    caseId: string,
    imageId: string,
    repository = this.dataSource.getRepository(CaseImageEntity),
  ): Promise<CaseImageEntity> {
    const exists = await repository.manager.getRepository(CaseEntity).existsBy({ id: caseId });
    if (!exists) throw notFound('Expediente', caseId);
    const image = await repository.findOneBy({ id: imageId, caseId });
    if (!image) throw notFound('Imagen', imageId);
    return image;
  }
}
