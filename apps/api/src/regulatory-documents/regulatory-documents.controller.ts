import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { MessageResponseDto } from '../common/http/message-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import { DOCUMENT_UPLOAD_FIELD, DocumentUploadInterceptor } from './document-upload.interceptor';
import {
  ListRegulatoryDocumentsQueryDto,
  RegulatoryDocumentDetailDto,
  RegulatoryDocumentListDto,
  RegulatoryDocumentResponseDto,
  RegulatoryDocumentStatsDto,
  RegulatoryDocumentUploadResponseDto,
  UpdateRegulatoryDocumentDto,
  UploadRegulatoryDocumentDto,
} from './regulatory-document.dto';
import { RegulatoryDocumentsService, UploadedPdf } from './regulatory-documents.service';

const ID = { name: 'documentId', format: 'uuid' } as const;

@ApiTags('regulatory-documents')
@Controller('api/admin/regulatory-documents')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class RegulatoryDocumentsController {
  public constructor(private readonly documents: RegulatoryDocumentsService) {}

  @Post('upload')
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    summary: 'Upload a regulatory PDF (processed in the background)',
    description:
      'PDF by magic number, at most DOCUMENT_MAX_SIZE_MB; the same file twice is a 409 naming ' +
      'the existing document. The row starts `pending`; the worker extracts, chunks and indexes ' +
      'it (`processing_progress` 0–100) and ends `indexed` or `failed` with `error_message`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [DOCUMENT_UPLOAD_FIELD, 'title', 'document_type'],
      properties: {
        [DOCUMENT_UPLOAD_FIELD]: { type: 'string', format: 'binary' },
        title: { type: 'string', maxLength: 500 },
        document_type: { type: 'string', maxLength: 100 },
        document_number: { type: 'string', maxLength: 100 },
        description: { type: 'string', maxLength: 5000 },
      },
    },
  })
  @ApiCreatedResponse({ type: RegulatoryDocumentUploadResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'No PDF, not a PDF, too large' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Same file already uploaded' })
  public upload(
    @UploadedFile() file: UploadedPdf | undefined,
    @Body() form: UploadRegulatoryDocumentDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RegulatoryDocumentUploadResponseDto> {
    return this.documents.upload(file, form, actor);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List regulatory documents, newest first' })
  @ApiOkResponse({ type: RegulatoryDocumentListDto })
  public list(@Query() query: ListRegulatoryDocumentsQueryDto): Promise<RegulatoryDocumentListDto> {
    return this.documents.list(query);
  }

  @Get('stats/summary')
  @Authenticated()
  @ApiOperation({ summary: 'Document counters by status, chunks and stored size' })
  @ApiOkResponse({ type: RegulatoryDocumentStatsDto })
  public stats(): Promise<RegulatoryDocumentStatsDto> {
    return this.documents.stats();
  }

  @Get(':documentId')
  @Authenticated()
  @ApiOperation({ summary: 'One document with its chunk count and section map' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RegulatoryDocumentDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('documentId', ParseUuid) id: string): Promise<RegulatoryDocumentDetailDto> {
    return this.documents.get(id);
  }

  @Put(':documentId')
  @Authenticated()
  @ApiOperation({ summary: 'Edit title, type, number, description or tags' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RegulatoryDocumentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public update(
    @Param('documentId', ParseUuid) id: string,
    @Body() dto: UpdateRegulatoryDocumentDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RegulatoryDocumentResponseDto> {
    return this.documents.update(id, dto, actor);
  }

  @Post(':documentId/activate')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Let an indexed document answer questions (400 if not indexed)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RegulatoryDocumentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not indexed, malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public activate(
    @Param('documentId', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RegulatoryDocumentResponseDto> {
    return this.documents.setActive(id, true, actor);
  }

  @Post(':documentId/deactivate')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop a document from answering questions (kept indexed)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RegulatoryDocumentResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public deactivate(
    @Param('documentId', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RegulatoryDocumentResponseDto> {
    return this.documents.setActive(id, false, actor);
  }

  @Post(':documentId/reprocess')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Drop the chunks and process the stored PDF again' })
  @ApiParam(ID)
  @ApiOkResponse({ type: RegulatoryDocumentUploadResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public reprocess(
    @Param('documentId', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<RegulatoryDocumentUploadResponseDto> {
    return this.documents.reprocess(id, actor);
  }

  @Delete(':documentId')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Delete a document: row, chunks and stored file (role admin)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public delete(
    @Param('documentId', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<MessageResponseDto> {
    return this.documents.delete(id, actor);
  }
}
