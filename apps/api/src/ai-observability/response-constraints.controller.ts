import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { CatalogueRoute } from '../catalogue/common/catalogue-route.decorator';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import {
  CreateResponseConstraintDto,
  ResponseConstraintListQueryDto,
  ResponseConstraintResponseDto,
  UpdateResponseConstraintDto,
} from './dto/response-constraint.dto';
import { ResponseConstraintsService } from './response-constraints.service';

const PATTERN_RULES =
  '422 when detection_pattern does not compile, risks catastrophic backtracking, or ' +
  'category_id names no category.';

@ApiTags('response constraints')
@Controller('api/admin/response-constraints')
export class ResponseConstraintsController {
  public constructor(private readonly constraints: ResponseConstraintsService) {}

  @Get()
  @CatalogueRoute({
    summary: 'Response constraints, highest priority first',
    type: [ResponseConstraintResponseDto],
    notFound: false,
  })
  public list(
    @Query() query: ResponseConstraintListQueryDto,
  ): Promise<ResponseConstraintResponseDto[]> {
    return this.constraints.list(query);
  }

  @Post()
  @CatalogueRoute({
    summary: 'Create a response constraint (category_id null = every category)',
    description: PATTERN_RULES,
    type: ResponseConstraintResponseDto,
    status: 201,
    notFound: false,
  })
  public create(
    @Body() body: CreateResponseConstraintDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ResponseConstraintResponseDto> {
    return this.constraints.create(body, actor);
  }

  @Put(':id')
  @CatalogueRoute({
    summary: 'Update a response constraint (fields given only)',
    description: PATTERN_RULES,
    type: ResponseConstraintResponseDto,
  })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateResponseConstraintDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<ResponseConstraintResponseDto> {
    return this.constraints.update(id, body, actor);
  }

  @Delete(':id')
  @CatalogueRoute({ summary: 'Delete a response constraint', status: 204 })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<void> {
    return this.constraints.remove(id, actor);
  }
}
