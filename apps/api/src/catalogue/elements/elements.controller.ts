import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import {
  CreateElementDto,
  ElementDetailQueryDto,
  ElementDetailResponseDto,
  ElementListQueryDto,
  ElementListResponseDto,
  ElementResponseDto,
  UpdateElementDto,
} from './dto/element.dto';
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
}
