import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const ERROR_CATEGORIES = [
  'validation_error',
  'permission_error',
  'not_found_error',
  'rate_limit_error',
  'external_api_error',
  'unexpected_error',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** The single error body of the API; the admin SPA shows `error` (docs/behaviour-contract.md). */
export class ErrorResponseDto {
  @ApiProperty({ example: false, enum: [false] })
  success: false;

  @ApiProperty({ description: 'Human-readable message (the admin SPA shows this field)' })
  error: string;

  @ApiProperty({ enum: ERROR_CATEGORIES })
  error_category: ErrorCategory;

  @ApiProperty({ example: 'NOT_FOUND' })
  error_code: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: String, nullable: true })
  guidance: string | null;

  @ApiProperty({ description: 'Reference to find the request in the logs' })
  log_ref: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  context: Record<string, unknown> | null;

  @ApiPropertyOptional({
    description: 'Validation problems per field',
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  errors?: Record<string, string[]>;
}
