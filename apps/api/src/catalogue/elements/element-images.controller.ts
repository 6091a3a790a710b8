import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import {
  CreateElementImageDto,
  ElementImageListResponseDto,
  ElementImageResponseDto,
  UpdateElementImageDto,
} from './dto/element-image.dto';
import { ElementImagesService } from './element-images.service';

@ApiTags('catalogue: elements')
@Controller('api/admin')
export class ElementImagesController {
  public constructor(private readonly elements: ElementImagesService) {}

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
}
