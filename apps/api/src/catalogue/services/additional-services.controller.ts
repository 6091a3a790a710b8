import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import { AdditionalServicesService } from './additional-services.service';
import {
  CreateServiceDto,
  ServiceListQueryDto,
  ServiceListResponseDto,
  ServiceResponseDto,
  UpdateServiceDto,
} from './dto/service.dto';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: additional services')
@Controller('api/admin/additional-services')
export class AdditionalServicesController {
  public constructor(private readonly services: AdditionalServicesService) {}

  @Get()
  @CatalogueRoute({
    summary: 'Additional services (category + global)',
    type: ServiceListResponseDto,
    notFound: false,
  })
  public list(@Query() query: ServiceListQueryDto): Promise<ServiceListResponseDto> {
    return this.services.list(query);
  }

  @Get(':id')
  @CatalogueRoute({ summary: 'One additional service', type: ServiceResponseDto })
  public findOne(@Param('id', ParseUuid) id: string): Promise<ServiceResponseDto> {
    return this.services.findOne(id);
  }

  @Post()
  @CatalogueRoute({
    summary: 'Create an additional service (category_id null = global)',
    type: ServiceResponseDto,
    status: 201,
  })
  public create(
    @Body() body: CreateServiceDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ServiceResponseDto> {
    return this.services.create(body, actor);
  }

  @Put(':id')
  @CatalogueRoute({ summary: 'Update an additional service', type: ServiceResponseDto })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateServiceDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ServiceResponseDto> {
    return this.services.update(id, body, actor);
  }

  @Delete(':id')
  @CatalogueRoute({ summary: 'Delete an additional service', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.services.remove(id, actor);
  }
}
