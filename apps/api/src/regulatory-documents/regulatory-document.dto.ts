import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { REGULATORY_DOCUMENT_STATUSES, RegulatoryDocumentEntity } from '@app/database';
import { limitOffsetQuery } from '../common/http/pagination.dto';
import { IsOptionalNonNull } from '../common/validation/decorators';
import { PagedListResponseDto } from '../common/http/list-envelope';

const nullableString = { type: String, nullable: true };
const nullableDate = { type: String, format: 'date-time', nullable: true };
const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListRegulatoryDocumentsQueryDto extends limitOffsetQuery(200, 100) {
  @ApiPropertyOptional({ enum: REGULATORY_DOCUMENT_STATUSES })
  @IsOptional()
  @IsIn(REGULATORY_DOCUMENT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  document_type?: string;
}

/** Form fields of the multipart upload (next to the `file` part). */
export class UploadRegulatoryDocumentDto {
  @ApiProperty({ maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiProperty({ maxLength: 100, example: 'reglamento' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  document_type: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'R48' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  document_number?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class UpdateRegulatoryDocumentDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNonNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  document_type?: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  document_number?: string | null;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 50 })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  tags?: string[];
}

export class RegulatoryDocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() document_type: string;
  @ApiProperty(nullableString) document_number: string | null;
  @ApiProperty() filename: string;
  @ApiProperty() file_size: number;
  @ApiProperty() file_hash: string;
  @ApiProperty({ enum: REGULATORY_DOCUMENT_STATUSES }) status: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) processing_progress: number;
  @ApiProperty(nullableString) error_message: string | null;
  @ApiProperty({ type: Number, nullable: true }) total_pages: number | null;
  @ApiProperty({ type: Number, nullable: true }) total_chunks: number | null;
  @ApiProperty(nullableString) extraction_method: string | null;
  @ApiProperty(nullableString) description: string | null;
  @ApiProperty({ type: [String], nullable: true }) tags: string[] | null;
  @ApiProperty() is_active: boolean;
  @ApiProperty() version: number;
  @ApiProperty(nullableString) uploaded_by: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty(nullableDate) indexed_at: string | null;
  @ApiProperty(nullableDate) activated_at: string | null;
  @ApiProperty(nullableDate) deactivated_at: string | null;
}

export class RegulatoryDocumentDetailDto extends RegulatoryDocumentResponseDto {
  @ApiProperty() chunk_count: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  section_mappings: Record<string, string> | null;
}

export class RegulatoryDocumentListDto extends PagedListResponseDto(
  RegulatoryDocumentResponseDto,
) {}

export class RegulatoryDocumentUploadResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REGULATORY_DOCUMENT_STATUSES }) status: string;
  @ApiProperty() message: string;
}

export class RegulatoryDocumentStatsDto {
  @ApiProperty() total_documents: number;
  @ApiProperty() indexed_documents: number;
  @ApiProperty() active_documents: number;
  @ApiProperty() pending_documents: number;
  @ApiProperty() processing_documents: number;
  @ApiProperty() failed_documents: number;
  @ApiProperty() total_chunks: number;
  @ApiProperty() total_size_bytes: number;
  @ApiProperty() total_size_mb: number;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export const toRegulatoryDocumentResponse = (
  row: RegulatoryDocumentEntity,
): RegulatoryDocumentResponseDto => ({
  id: row.id,
  title: row.title,
  document_type: row.documentType,
  document_number: row.documentNumber,
  filename: row.filename,
  file_size: row.fileSize,
  file_hash: row.fileHash,
  status: row.status,
  processing_progress: row.processingProgress,
  error_message: row.errorMessage,
  total_pages: row.totalPages,
  total_chunks: row.totalChunks,
  extraction_method: row.extractionMethod,
  description: row.description,
  tags: row.tags,
  is_active: row.isActive,
  version: row.version,
  uploaded_by: row.uploadedBy,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
  indexed_at: iso(row.indexedAt),
  activated_at: iso(row.activatedAt),
  deactivated_at: iso(row.deactivatedAt),
});
