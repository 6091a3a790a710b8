import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import { BaseDocsService } from './base-docs.service';
import {
  BaseDocListQueryDto,
  BaseDocListResponseDto,
  BaseDocResponseDto,
  CreateBaseDocDto,
  UpdateBaseDocDto,
} from './dto/base-doc.dto';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: base documentation')
@Controller('api/admin/base-documentation')
export class BaseDocsController {
  public constructor(private readonly docs: BaseDocsService) {}

  @Get()
  @CatalogueRoute({ summary: 'Base documentation', type: BaseDocListResponseDto, notFound: false })
  public list(@Query() query: BaseDocListQueryDto): Promise<BaseDocListResponseDto> {
    return this.docs.list(query);
  }

  @Post()
  @CatalogueRoute({
    summary: 'Add base documentation to a category',
    type: BaseDocResponseDto,
    status: 201,
  })
  public create(
    @Body() body: CreateBaseDocDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<BaseDocResponseDto> {
    return this.docs.create(body, actor);
  }

  @Put(':id')
  @CatalogueRoute({ summary: 'Update base documentation', type: BaseDocResponseDto })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateBaseDocDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<BaseDocResponseDto> {
    return this.docs.update(id, body, actor);
  }

  @Delete(':id')
  @CatalogueRoute({ summary: 'Delete base documentation', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.docs.remove(id, actor);
  }
}
