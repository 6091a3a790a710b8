import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import { CategoriesService } from './categories.service';
import {
  CategoryDetailResponseDto,
  CategoryListQueryDto,
  CategoryListResponseDto,
  CategoryResponseDto,
  CreateCategoryDto,
  PromptPreviewResponseDto,
  UpdateCategoryDto,
} from './dto/category.dto';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: categories')
@Controller('api/admin')
export class CategoriesController {
  public constructor(private readonly categories: CategoriesService) {}

  @Get('vehicle-categories')
  @CatalogueRoute({
    summary: 'Vehicle categories, by sort order',
    type: CategoryListResponseDto,
    notFound: false,
  })
  public list(@Query() query: CategoryListQueryDto): Promise<CategoryListResponseDto> {
    return this.categories.list(query);
  }

  @Post('vehicle-categories')
  @CatalogueRoute({
    summary: 'Create a vehicle category',
    type: CategoryResponseDto,
    status: 201,
    conflict: true,
    notFound: false,
  })
  public create(
    @Body() body: CreateCategoryDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CategoryResponseDto> {
    return this.categories.create(body, actor);
  }

  @Get('vehicle-categories/:id')
  @CatalogueRoute({
    summary: 'A category with its tiers, base documentation, services and prompt sections',
    type: CategoryDetailResponseDto,
  })
  public findOne(@Param('id', ParseUuid) id: string): Promise<CategoryDetailResponseDto> {
    return this.categories.findOne(id);
  }

  @Put('vehicle-categories/:id')
  @CatalogueRoute({
    summary: 'Update a category (diff audited)',
    type: CategoryResponseDto,
    conflict: true,
  })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateCategoryDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CategoryResponseDto> {
    return this.categories.update(id, body, actor);
  }

  @Delete('vehicle-categories/:id')
  @CatalogueRoute({ summary: 'Delete a category and everything under it', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.categories.remove(id, actor);
  }

  @Get('categories/:id/preview-prompt')
  @CatalogueRoute({
    summary: 'Render the calculator prompt of a category (preview)',
    type: PromptPreviewResponseDto,
  })
  public previewPrompt(@Param('id', ParseUuid) id: string): Promise<PromptPreviewResponseDto> {
    return this.categories.previewPrompt(id);
  }
}
