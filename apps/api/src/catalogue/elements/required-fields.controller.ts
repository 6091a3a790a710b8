import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import {
  CreateRequiredFieldDto,
  RequiredFieldListQueryDto,
  RequiredFieldResponseDto,
  UpdateRequiredFieldDto,
} from './dto/required-field.dto';
import { RequiredFieldsService } from './required-fields.service';

@ApiTags('catalogue: elements')
@Controller('api/admin')
export class RequiredFieldsController {
  public constructor(private readonly elements: RequiredFieldsService) {}

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
