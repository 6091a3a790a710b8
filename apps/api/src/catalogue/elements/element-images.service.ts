import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ElementImageEntity } from '@app/database';
import { notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../../auth/current-admin.decorator';
import { CatalogueWriter } from '../common/catalogue-writer';
import {
  CreateElementImageDto,
  ElementImageListResponseDto,
  ElementImageResponseDto,
  toElementImageResponse,
  UpdateElementImageDto,
} from './dto/element-image.dto';
import { requireElement } from './element-lookup';

const IMAGE = 'element_image';

/** Example and required images of an element (the catalogue's documentation photos). */
@Injectable()
export class ElementImagesService {
  private readonly manager: EntityManager;

  public constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly writer: CatalogueWriter,
  ) {
    this.manager = dataSource.manager;
  }

  public async listImages(elementId: string): Promise<ElementImageListResponseDto> {
    await requireElement(this.manager, elementId);
    const images = await this.manager.find(ElementImageEntity, {
      where: { elementId },
      order: { sortOrder: 'ASC', createdAt: 'ASC' },
    });
    return { element_id: elementId, images: images.map(toElementImageResponse) };
  }

  public createImage(
    elementId: string,
    body: CreateElementImageDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementImageResponseDto> {
    return this.writer.write(actor, async ({ manager, auditCreate, touches }) => {
      const element = await requireElement(manager, elementId);
      const saved = await manager.save(
        manager.create(ElementImageEntity, {
          elementId,
          imageUrl: body.image_url,
          title: body.title ?? null,
          description: body.description ?? null,
          imageType: body.image_type ?? 'example',
          sortOrder: body.sort_order ?? 0,
          isRequired: body.is_required ?? false,
          status: body.status ?? 'placeholder',
          userInstruction: body.user_instruction ?? null,
          validatedAt: body.status === 'active' ? new Date() : null,
        }),
      );
      const view = toElementImageResponse(saved);
      await auditCreate(IMAGE, saved.id, view);
      touches({ categoryIds: [element.categoryId] });
      return view;
    });
  }

  public updateImage(
    imageId: string,
    body: UpdateElementImageDto,
    actor: AuthenticatedAdmin,
  ): Promise<ElementImageResponseDto> {
    return this.writer.write(actor, async ({ manager, auditUpdate, touches }) => {
      const image = await manager.findOne(ElementImageEntity, { where: { id: imageId } });
      if (!image) throw notFound('Imagen de elemento', imageId);
      const element = await requireElement(manager, image.elementId);
      const before = toElementImageResponse(image);
      manager.merge(ElementImageEntity, image, {
        imageUrl: body.image_url,
        title: body.title,
        description: body.description,
        imageType: body.image_type,
        sortOrder: body.sort_order,
        isRequired: body.is_required,
        status: body.status,
        userInstruction: body.user_instruction,
        ...(body.status === 'active' && before.status !== 'active'
          ? { validatedAt: new Date() }
          : {}),
      });
      const after = toElementImageResponse(await manager.save(image));
      await auditUpdate(IMAGE, imageId, before, after);
      touches({ categoryIds: [element.categoryId] });
      return after;
    });
  }

  public removeImage(imageId: string, actor: AuthenticatedAdmin): Promise<void> {
    return this.writer.write(actor, async ({ manager, audit, touches }) => {
      const image = await manager.findOne(ElementImageEntity, { where: { id: imageId } });
      if (!image) throw notFound('Imagen de elemento', imageId);
      const element = await requireElement(manager, image.elementId);
      await manager.delete(ElementImageEntity, imageId);
      await audit({
        entityType: IMAGE,
        entityId: imageId,
        action: 'delete',
        changes: { element_id: image.elementId, image_url: image.imageUrl },
      });
      touches({ categoryIds: [element.categoryId] });
    });
  }
}
