import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import {
  CreatePromptSectionDto,
  PromptSectionListQueryDto,
  PromptSectionListResponseDto,
  PromptSectionResponseDto,
  UpdatePromptSectionDto,
} from './dto/prompt-section.dto';
import { PromptSectionsService } from './prompt-sections.service';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: prompt sections')
@Controller('api/admin/prompt-sections')
export class PromptSectionsController {
  public constructor(private readonly sections: PromptSectionsService) {}

  @Get()
  @CatalogueRoute({
    summary: 'Prompt sections',
    type: PromptSectionListResponseDto,
    notFound: false,
  })
  public list(@Query() query: PromptSectionListQueryDto): Promise<PromptSectionListResponseDto> {
    return this.sections.list(query);
  }

  @Post()
  @CatalogueRoute({
    summary: 'Create a prompt section (one per type and category)',
    type: PromptSectionResponseDto,
    status: 201,
    conflict: true,
  })
  public create(
    @Body() body: CreatePromptSectionDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<PromptSectionResponseDto> {
    return this.sections.create(body, actor);
  }

  @Get(':id')
  @CatalogueRoute({ summary: 'One prompt section', type: PromptSectionResponseDto })
  public findOne(@Param('id', ParseUuid) id: string): Promise<PromptSectionResponseDto> {
    return this.sections.findOne(id);
  }

  @Put(':id')
  @CatalogueRoute({
    summary: 'Update a prompt section (increments version)',
    type: PromptSectionResponseDto,
    conflict: true,
  })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdatePromptSectionDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<PromptSectionResponseDto> {
    return this.sections.update(id, body, actor);
  }

  @Delete(':id')
  @CatalogueRoute({ summary: 'Delete a prompt section', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.sections.remove(id, actor);
  }
}
