import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import { CaseElementDataService } from './case-element-data.service';
import { CaseFilesService } from './case-files.service';
import { CasesService } from './cases.service';
import {
  ListCasesQueryDto,
  UpdateCaseElementDataDto,
  UpdateCaseStatusDto,
  ValidateCaseImageDto,
} from './dto/case-query.dto';
import {
  CaseDetailResponseDto,
  CaseElementDataListResponseDto,
  CaseElementDataResponseDto,
  CaseImageValidationResponseDto,
  CaseListResponseDto,
  CaseResolveResponseDto,
  CaseStatsResponseDto,
  CaseStatusChangeResponseDto,
  CaseTakeResponseDto,
} from './dto/case-response.dto';

const CASE_ID = { name: 'caseId', format: 'uuid', description: 'Case id' };
const IMAGE_ID = { name: 'imageId', format: 'uuid', description: 'Case image id' };
const ELEMENT_CODE = { name: 'elementCode', description: 'Element code, e.g. ESCAPE' };
// A downloaded customer document must never be cached by proxies or run as a page.
const NO_STORE = 'private, no-store';
const SANDBOX_CSP = "default-src 'none'; sandbox";

@ApiTags('cases')
@Controller('api/admin/cases')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class CasesController {
  public constructor(
    private readonly cases: CasesService,
    private readonly files: CaseFilesService,
    private readonly elementData: CaseElementDataService,
  ) {}

  @Get('stats')
  @Authenticated()
  @ApiOperation({ summary: 'Case counters for the sidebar and dashboard ("today" in TIMEZONE)' })
  @ApiOkResponse({ type: CaseStatsResponseDto })
  public stats(): Promise<CaseStatsResponseDto> {
    return this.cases.stats();
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List and search cases, newest first' })
  @ApiOkResponse({ type: CaseListResponseDto })
  public list(@Query() query: ListCasesQueryDto): Promise<CaseListResponseDto> {
    return this.cases.list(query);
  }

  @Get(':caseId')
  @Authenticated()
  @ApiOperation({ summary: 'One case with customer data and signed image URLs' })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseDetailResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('caseId', ParseUuid) caseId: string): Promise<CaseDetailResponseDto> {
    return this.cases.get(caseId);
  }

  @Post(':caseId/status')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Change the status following the transition table',
    description:
      'An unknown status or a transition the table does not allow is a 400 that names the ' +
      'allowed targets. Entering `in_progress` disables the bot in Chatwoot; entering ' +
      '`resolved` re-enables it and tells the customer; leaving `in_progress` re-enables it.',
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseStatusChangeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Status or transition invalid' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Another active case exists' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public changeStatus(
    @Param('caseId', ParseUuid) caseId: string,
    @Body() body: UpdateCaseStatusDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CaseStatusChangeResponseDto> {
    return this.cases.changeStatus(caseId, body, actor);
  }

  @Post(':caseId/take')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Take a case in pending_review (→ in_progress); disables the bot in Chatwoot',
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseTakeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not in pending_review' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public take(
    @Param('caseId', ParseUuid) caseId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CaseTakeResponseDto> {
    return this.cases.take(caseId, actor);
  }

  @Post(':caseId/resolve')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Resolve a case; re-enables the bot, tells the customer, removes label expediente',
  })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseResolveResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Already resolved / not allowed' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public resolve(
    @Param('caseId', ParseUuid) caseId: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CaseResolveResponseDto> {
    return this.cases.resolve(caseId, actor);
  }

  // Declared before `:imageId`, which would otherwise capture `download-all` as an image id.
  @Get(':caseId/images/download-all')
  @Authenticated({ allowQueryToken: true })
  @ApiOperation({
    summary: 'All images of a case as a streamed ZIP',
    description: 'File name `expediente_{matricula|sin_matricula}_{First_Last}.zip`.',
  })
  @ApiParam(CASE_ID)
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'ZIP archive', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No case or no images' })
  @Header('Cache-Control', NO_STORE)
  @Header('X-Content-Type-Options', 'nosniff')
  public downloadAll(@Param('caseId', ParseUuid) caseId: string): Promise<StreamableFile> {
    return this.files.openZip(caseId);
  }

  @Get(':caseId/images/:imageId')
  @Authenticated({ allowQueryToken: true })
  @ApiOperation({ summary: 'Download one image as `{display_name}.{ext}`' })
  @ApiParam(CASE_ID)
  @ApiParam(IMAGE_ID)
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @Header('Cache-Control', NO_STORE)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', SANDBOX_CSP)
  public downloadImage(
    @Param('caseId', ParseUuid) caseId: string,
    @Param('imageId', ParseUuid) imageId: string,
  ): Promise<StreamableFile> {
    return this.files.openImage(caseId, imageId);
  }

  @Put(':caseId/images/:imageId/validate')
  @Authenticated()
  @ApiOperation({ summary: 'Mark an image valid or invalid, with optional notes' })
  @ApiParam(CASE_ID)
  @ApiParam(IMAGE_ID)
  @ApiOkResponse({ type: CaseImageValidationResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public validateImage(
    @Param('caseId', ParseUuid) caseId: string,
    @Param('imageId', ParseUuid) imageId: string,
    @Body() body: ValidateCaseImageDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CaseImageValidationResponseDto> {
    return this.files.validateImage(caseId, imageId, body, actor);
  }

  @Get(':caseId/element-data')
  @Authenticated()
  @ApiOperation({ summary: 'Per-element collection data of a case' })
  @ApiParam(CASE_ID)
  @ApiOkResponse({ type: CaseElementDataListResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public listElementData(
    @Param('caseId', ParseUuid) caseId: string,
  ): Promise<CaseElementDataListResponseDto> {
    return this.elementData.list(caseId);
  }

  @Get(':caseId/element-data/:elementCode')
  @Authenticated()
  @ApiOperation({ summary: 'Collection data of one element of a case' })
  @ApiParam(CASE_ID)
  @ApiParam(ELEMENT_CODE)
  @ApiOkResponse({ type: CaseElementDataResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id or code' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public getElementData(
    @Param('caseId', ParseUuid) caseId: string,
    @Param('elementCode') elementCode: string,
  ): Promise<CaseElementDataResponseDto> {
    return this.elementData.get(caseId, elementCode);
  }

  @Put(':caseId/element-data/:elementCode')
  @Authenticated()
  @ApiOperation({
    summary: 'Edit the status and/or merge field values of one element',
    description: 'Stamps photos_completed_at / data_completed_at the first time they are reached.',
  })
  @ApiParam(CASE_ID)
  @ApiParam(ELEMENT_CODE)
  @ApiOkResponse({ type: CaseElementDataResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Nothing to update / bad code' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public updateElementData(
    @Param('caseId', ParseUuid) caseId: string,
    @Param('elementCode') elementCode: string,
    @Body() body: UpdateCaseElementDataDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CaseElementDataResponseDto> {
    return this.elementData.update(caseId, elementCode, body, actor);
  }
}
