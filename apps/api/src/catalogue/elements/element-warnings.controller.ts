import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import { CreateElementWarningDto, ElementWarningResponseDto } from './dto/element-warning.dto';
import { ElementWarningsService } from './element-warnings.service';

@ApiTags('catalogue: elements')
@Controller('api/admin')
export class ElementWarningsController {
  public constructor(private readonly elements: ElementWarningsService) {}

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
}
