import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../../auth/current-admin.decorator';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import {
  BatchInclusionsDto,
  BatchInclusionsResponseDto,
  InclusionInputDto,
  InclusionResponseDto,
  ResolvedElementsResponseDto,
  UpdateInclusionDto,
} from './dto/inclusion.dto';
import {
  CreateTierDto,
  TierListQueryDto,
  TierListResponseDto,
  TierResponseDto,
  UpdateTierDto,
} from './dto/tier.dto';
import { TiersService } from './tiers.service';
import { ParseUuid } from '../../common/http/parse-uuid.pipe';

@ApiTags('catalogue: tariff tiers')
@Controller('api/admin/tariff-tiers')
export class TiersController {
  public constructor(private readonly tiers: TiersService) {}

  @Get()
  @CatalogueRoute({
    summary: 'Tariff tiers (filter by category, search code/name)',
    type: TierListResponseDto,
    notFound: false,
  })
  public list(@Query() query: TierListQueryDto): Promise<TierListResponseDto> {
    return this.tiers.list(query);
  }

  @Post()
  @CatalogueRoute({ summary: 'Create a tier', type: TierResponseDto, status: 201, conflict: true })
  public create(
    @Body() body: CreateTierDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<TierResponseDto> {
    return this.tiers.create(body, actor);
  }

  @Get(':tierId')
  @CatalogueRoute({ summary: 'One tier', type: TierResponseDto })
  public findOne(@Param('tierId', ParseUuid) tierId: string): Promise<TierResponseDto> {
    return this.tiers.findOne(tierId);
  }

  @Put(':tierId')
  @CatalogueRoute({ summary: 'Update a tier', type: TierResponseDto, conflict: true })
  public update(
    @Param('tierId', ParseUuid) tierId: string,
    @Body() body: UpdateTierDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<TierResponseDto> {
    return this.tiers.update(tierId, body, actor);
  }

  @Delete(':tierId')
  @CatalogueRoute({ summary: 'Delete a tier (its inclusions cascade)', status: 204 })
  public remove(
    @Param('tierId', ParseUuid) tierId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.tiers.remove(tierId, actor);
  }

  @Get(':tierId/inclusions')
  @CatalogueRoute({ summary: 'Inclusions of a tier', type: [InclusionResponseDto] })
  public inclusions(@Param('tierId', ParseUuid) tierId: string): Promise<InclusionResponseDto[]> {
    return this.tiers.listInclusions(tierId);
  }

  @Post(':tierId/inclusions')
  @CatalogueRoute({
    summary: 'Include an element (up to max_quantity) or another tier',
    type: InclusionResponseDto,
    status: 201,
    conflict: true,
  })
  public createInclusion(
    @Param('tierId', ParseUuid) tierId: string,
    @Body() body: InclusionInputDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<InclusionResponseDto> {
    return this.tiers.createInclusion(tierId, body, actor);
  }

  @Post(':tierId/inclusions/batch')
  @CatalogueRoute({
    summary: 'Create 1–100 inclusions at once (all or none)',
    type: BatchInclusionsResponseDto,
    status: 201,
    conflict: true,
  })
  public batch(
    @Param('tierId', ParseUuid) tierId: string,
    @Body() body: BatchInclusionsDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<BatchInclusionsResponseDto> {
    return this.tiers.batchInclusions(tierId, body, actor);
  }

  @Put(':tierId/inclusions/:inclusionId')
  @CatalogueRoute({ summary: 'Update an inclusion', type: InclusionResponseDto, conflict: true })
  public updateInclusion(
    @Param('tierId', ParseUuid) tierId: string,
    @Param('inclusionId', ParseUuid) inclusionId: string,
    @Body() body: UpdateInclusionDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<InclusionResponseDto> {
    return this.tiers.updateInclusion(tierId, inclusionId, body, actor);
  }

  @Delete(':tierId/inclusions/:inclusionId')
  @CatalogueRoute({ summary: 'Delete an inclusion', status: 204 })
  public removeInclusion(
    @Param('tierId', ParseUuid) tierId: string,
    @Param('inclusionId', ParseUuid) inclusionId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.tiers.removeInclusion(tierId, inclusionId, actor);
  }

  @Get(':tierId/resolved-elements')
  @CatalogueRoute({
    summary: 'Elements the tier can price, resolved recursively',
    type: ResolvedElementsResponseDto,
  })
  public resolved(
    @Param('tierId', ParseUuid) tierId: string,
  ): Promise<ResolvedElementsResponseDto> {
    return this.tiers.resolvedElements(tierId);
  }
}
