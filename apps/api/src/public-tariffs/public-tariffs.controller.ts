import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/public.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import {
  PublicCategoriesQueryDto,
  PublicCategoriesResponseDto,
  PublicCategoryBundleDto,
  PublicDocumentationResponseDto,
  PublicTiersResponseDto,
  PublicWarningsQueryDto,
  PublicWarningsResponseDto,
  SelectTierDto,
  SelectTierResponseDto,
} from './dto/public-tariffs.dto';
import { PublicTariffsService } from './public-tariffs.service';
import { SlugPipe } from './slug.pipe';

/** Public, cached and rate-limited per client IP (429 with Retry-After above the limit). */
@ApiTags('public tariffs')
@Public()
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Rate limit per client IP' })
@Controller('api/tariffs')
export class PublicTariffsController {
  public constructor(private readonly tariffs: PublicTariffsService) {}

  @Get('categories')
  @ApiOperation({ summary: 'Active categories (optionally for one client type)' })
  @ApiOkResponse({ type: PublicCategoriesResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public categories(
    @Query() query: PublicCategoriesQueryDto,
  ): Promise<PublicCategoriesResponseDto> {
    return this.tariffs.listCategories(query.client_type);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A category with tiers, warnings, base documentation and services' })
  @ApiParam({ name: 'slug', example: 'motos-part' })
  @ApiOkResponse({ type: PublicCategoryBundleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public bundle(@Param('slug', SlugPipe) slug: string): Promise<PublicCategoryBundleDto> {
    return this.tariffs.bundle(slug);
  }

  @Get(':slug/tiers')
  @ApiOperation({ summary: 'Tiers of a category' })
  @ApiOkResponse({ type: PublicTiersResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public tiers(@Param('slug', SlugPipe) slug: string): Promise<PublicTiersResponseDto> {
    return this.tariffs.tiersOf(slug);
  }

  @Post(':slug/select-tier')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Price a description with the quote engine',
    description: 'No tier can price it → tier_code UNKNOWN, tier_name "Consultar", price 0.',
  })
  @ApiOkResponse({ type: SelectTierResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public selectTier(
    @Param('slug', SlugPipe) slug: string,
    @Body() body: SelectTierDto,
  ): Promise<SelectTierResponseDto> {
    return this.tariffs.selectTier(slug, body);
  }

  @Get(':slug/documentation')
  @ApiOperation({ summary: 'Base documentation and every sendable (active) element image' })
  @ApiOkResponse({ type: PublicDocumentationResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public documentation(
    @Param('slug', SlugPipe) slug: string,
  ): Promise<PublicDocumentationResponseDto> {
    return this.tariffs.documentation(slug);
  }

  @Get(':slug/warnings')
  @ApiOperation({ summary: 'Warnings, filtered by what a description names when given' })
  @ApiOkResponse({ type: PublicWarningsResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public warnings(
    @Param('slug', SlugPipe) slug: string,
    @Query() query: PublicWarningsQueryDto,
  ): Promise<PublicWarningsResponseDto> {
    return this.tariffs.warnings(slug, query.elements_description);
  }
}
