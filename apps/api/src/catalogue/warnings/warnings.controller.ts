import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import { WarningElementDto } from '../elements/dto/element-warning.dto';
import { ElementWarningsService } from '../elements/element-warnings.service';
import {
  CreateWarningDto,
  UpdateWarningDto,
  WarningListQueryDto,
  WarningListResponseDto,
  WarningResponseDto,
} from './dto/warning.dto';
import { WarningsService } from './warnings.service';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: warnings')
@Controller('api/admin/warnings')
export class WarningsController {
  public constructor(
    private readonly warnings: WarningsService,
    private readonly elements: ElementWarningsService,
  ) {}

  @Get()
  @CatalogueRoute({
    summary: 'Warnings, ordered by code',
    type: WarningListResponseDto,
    notFound: false,
  })
  public list(@Query() query: WarningListQueryDto): Promise<WarningListResponseDto> {
    return this.warnings.list(query);
  }

  @Post()
  @CatalogueRoute({
    summary: 'Create a warning (scope: none, category, tier or element)',
    type: WarningResponseDto,
    status: 201,
    conflict: true,
  })
  public create(
    @Body() body: CreateWarningDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<WarningResponseDto> {
    return this.warnings.create(body, actor);
  }

  @Get(':id')
  @CatalogueRoute({ summary: 'One warning', type: WarningResponseDto })
  public findOne(@Param('id', ParseUuid) id: string): Promise<WarningResponseDto> {
    return this.warnings.findOne(id);
  }

  @Put(':id')
  @CatalogueRoute({
    summary: 'Update a warning (scope included)',
    type: WarningResponseDto,
    conflict: true,
  })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateWarningDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<WarningResponseDto> {
    return this.warnings.update(id, body, actor);
  }

  @Delete(':id')
  @CatalogueRoute({ summary: 'Delete a warning (its associations cascade)', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.warnings.remove(id, actor);
  }

  @Get(':id/elements')
  @CatalogueRoute({ summary: 'Elements associated with a warning', type: [WarningElementDto] })
  public elementsOf(@Param('id', ParseUuid) id: string): Promise<WarningElementDto[]> {
    return this.elements.elementsOfWarning(id);
  }
}
