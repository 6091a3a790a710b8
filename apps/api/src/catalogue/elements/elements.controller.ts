import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import {
  CreateElementImageDto,
  ElementImageListResponseDto,
  ElementImageResponseDto,
  UpdateElementImageDto,
} from './dto/element-image.dto';
import { CreateElementWarningDto, ElementWarningResponseDto } from './dto/element-warning.dto';
import {
  CreateElementDto,
  ElementDetailQueryDto,
  ElementDetailResponseDto,
  ElementListQueryDto,
  ElementListResponseDto,
  ElementResponseDto,
  UpdateElementDto,
} from './dto/element.dto';
import {
  CreateRequiredFieldDto,
  RequiredFieldListQueryDto,
  RequiredFieldResponseDto,
  UpdateRequiredFieldDto,
} from './dto/required-field.dto';
import { ElementsService } from './elements.service';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: elements')
@Controller('api/admin')
export class ElementsController {
  public constructor(private readonly elements: ElementsService) {}

  @Get('elements')
  @CatalogueRoute({
    summary: 'Elements with image/warning/child counts ({items,total,skip,limit})',
    type: ElementListResponseDto,
    notFound: false,
  })
  public list(@Query() query: ElementListQueryDto): Promise<ElementListResponseDto> {
    return this.elements.list(query);
  }

  @Post('elements')
  @CatalogueRoute({
    summary: 'Create an element or a variant',
    type: ElementResponseDto,
    status: 201,
    conflict: true,
  })
  public create(
    @Body() body: CreateElementDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ElementResponseDto> {
    return this.elements.create(body, actor);
  }

  @Get('elements/:id')
  @CatalogueRoute({
    summary: 'An element with images, parent and children',
    type: ElementDetailResponseDto,
  })
  public findOne(
    @Param('id', ParseUuid) id: string,
    @Query() query: ElementDetailQueryDto,
  ): Promise<ElementDetailResponseDto> {
    return this.elements.findOne(id, query);
  }

  @Put('elements/:id')
  @CatalogueRoute({
    summary: 'Update an element (partial)',
    type: ElementResponseDto,
    conflict: true,
  })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateElementDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ElementResponseDto> {
    return this.elements.update(id, body, actor);
  }

  @Delete('elements/:id')
  @CatalogueRoute({ summary: 'Deactivate an element (soft delete)', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.elements.remove(id, actor);
  }

  @Get('elements/:id/images')
  @CatalogueRoute({ summary: 'Images of an element', type: ElementImageListResponseDto })
  public images(@Param('id', ParseUuid) id: string): Promise<ElementImageListResponseDto> {
    return this.elements.listImages(id);
  }

  @Post('elements/:id/images')
  @CatalogueRoute({
    summary: 'Add an image (only status active is ever sent)',
    type: ElementImageResponseDto,
    status: 201,
  })
  public createImage(
    @Param('id', ParseUuid) id: string,
    @Body() body: CreateElementImageDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ElementImageResponseDto> {
    return this.elements.createImage(id, body, actor);
  }

  @Put('element-images/:imageId')
  @CatalogueRoute({ summary: 'Update an element image', type: ElementImageResponseDto })
  public updateImage(
    @Param('imageId', ParseUuid) imageId: string,
    @Body() body: UpdateElementImageDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ElementImageResponseDto> {
    return this.elements.updateImage(imageId, body, actor);
  }

  @Delete('element-images/:imageId')
  @CatalogueRoute({ summary: 'Delete an element image', status: 204 })
  public removeImage(
    @Param('imageId', ParseUuid) imageId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.elements.removeImage(imageId, actor);
  }

  @Get('elements/:id/warnings')
  @CatalogueRoute({
    summary: 'Warnings associated with an element',
    type: [ElementWarningResponseDto],
  })
  public warnings(@Param('id', ParseUuid) id: string): Promise<ElementWarningResponseDto[]> {
    return this.elements.listWarnings(id);
  }

  @Post('elements/:id/warnings')
  @CatalogueRoute({
    summary: 'Associate a warning with an element',
    type: ElementWarningResponseDto,
    status: 201,
    conflict: true,
  })
  public linkWarning(
    @Param('id', ParseUuid) id: string,
    @Body() body: CreateElementWarningDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ElementWarningResponseDto> {
    return this.elements.linkWarning(id, body, actor);
  }

  @Delete('elements/:id/warnings/:warningId')
  @CatalogueRoute({ summary: 'Remove a warning from an element', status: 204 })
  public unlinkWarning(
    @Param('id', ParseUuid) id: string,
    @Param('warningId', ParseUuid) warningId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.elements.unlinkWarning(id, warningId, actor);
  }

  @Get('elements/:id/required-fields')
  @CatalogueRoute({ summary: 'Required fields of an element', type: [RequiredFieldResponseDto] })
  public fields(
    @Param('id', ParseUuid) id: string,
    @Query() query: RequiredFieldListQueryDto,
  ): Promise<RequiredFieldResponseDto[]> {
    return this.elements.listFields(id, query);
  }

  @Post('elements/:id/required-fields')
  @CatalogueRoute({
    summary: 'Add a required field',
    type: RequiredFieldResponseDto,
    status: 201,
    conflict: true,
  })
  public createField(
    @Param('id', ParseUuid) id: string,
    @Body() body: CreateRequiredFieldDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RequiredFieldResponseDto> {
    return this.elements.createField(id, body, actor);
  }

  @Get('element-required-fields/:fieldId')
  @CatalogueRoute({ summary: 'One required field', type: RequiredFieldResponseDto })
  public findField(
    @Param('fieldId', ParseUuid) fieldId: string,
  ): Promise<RequiredFieldResponseDto> {
    return this.elements.findField(fieldId);
  }

  @Put('element-required-fields/:fieldId')
  @CatalogueRoute({
    summary: 'Update a required field',
    type: RequiredFieldResponseDto,
    conflict: true,
  })
  public updateField(
    @Param('fieldId', ParseUuid) fieldId: string,
    @Body() body: UpdateRequiredFieldDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RequiredFieldResponseDto> {
    return this.elements.updateField(fieldId, body, actor);
  }

  @Delete('element-required-fields/:fieldId')
  @CatalogueRoute({
    summary: 'Delete a required field (400 while others depend on it)',
    status: 204,
  })
  public removeField(
    @Param('fieldId', ParseUuid) fieldId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.elements.removeField(fieldId, actor);
  }
}
