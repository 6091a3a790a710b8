import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CLIENT_TYPES, ClientType, QuoteResult, TextQuoteResult } from '@app/domain';
import { IsOptionalNonNull } from '../../../common/validation/decorators';

export class QuotePreviewDto {
  @ApiProperty({ example: 'motos-part' })
  @IsString()
  @Length(1, 50)
  @Matches(/^[a-z0-9-]+$/)
  category_slug: string;

  @ApiProperty({
    example: 'quiero homologar el escape y los intermitentes delanteros',
    maxLength: 2000,
  })
  @IsString()
  @Length(1, 2000)
  text: string;

  @ApiPropertyOptional({ enum: CLIENT_TYPES, description: 'When set, must match the category' })
  @IsOptionalNonNull()
  @IsIn(CLIENT_TYPES)
  client_type?: ClientType;
}

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class UnderstoodElementDto {
  @ApiProperty({ format: 'uuid' }) element_id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() quantity: number;
  @ApiProperty() score: number;
  @ApiProperty({ enum: ['keyword', 'variant', 'variant_answer', 'multi_select'] }) via: string;
  @ApiProperty({ type: [String] }) matched_terms: string[];
}

export class VariantQuestionDto {
  @ApiProperty() base_code: string;
  @ApiProperty() base_name: string;
  @ApiProperty() question: string;
  @ApiProperty({ type: 'array', items: OBJECT }) options: { code: string; name: string }[];
  @ApiProperty({ type: [String] }) multi_select_keywords: string[];
}

export class UnderstoodDto {
  @ApiProperty({ type: [UnderstoodElementDto] }) elements: UnderstoodElementDto[];
  @ApiProperty({ type: [VariantQuestionDto] }) variant_questions: VariantQuestionDto[];
  @ApiProperty({ type: [String] }) unmatched_terms: string[];
  @ApiProperty({ type: 'array', items: OBJECT }) ambiguities: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: OBJECT }) excluded: Record<string, unknown>[];
}

export class QuotedTierDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ description: 'EUR without VAT' }) price: number;
  @ApiProperty({ type: String, nullable: true }) conditions: string | null;
  @ApiProperty() requires_project: boolean;
}

export class QuoteResponseDto {
  @ApiProperty(OBJECT) category: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: OBJECT }) elements: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: OBJECT }) rejected_codes: Record<string, unknown>[];
  @ApiProperty() element_count: number;
  @ApiProperty({ type: QuotedTierDto, nullable: true }) tier: QuotedTierDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'EUR without VAT; null = consultar' })
  price: number | null;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: false }) vat_included: boolean;
  @ApiProperty({ ...OBJECT, nullable: true, description: 'Why this tier' }) tier_reason: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'array', items: OBJECT }) matched_rules: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Every tier checked, cheapest first' })
  tier_checks: Record<string, unknown>[];
  @ApiProperty(OBJECT) warnings: Record<string, unknown>;
  @ApiProperty(OBJECT) documentation: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Only active images' }) images: Record<
    string,
    unknown
  >[];
  @ApiProperty({ type: 'array', items: OBJECT }) additional_services: Record<string, unknown>[];
  @ApiProperty({ type: [String] }) explanation: string[];
}

export class QuotePreviewResponseDto extends QuoteResponseDto {
  @ApiProperty({ type: UnderstoodDto }) understood: UnderstoodDto;
  @ApiProperty({ description: 'False while variant questions or ambiguities are open' })
  complete: boolean;
}

type Json = Record<string, unknown>;

/** camelCase keys → snake_case, recursively (engine results are plain data). */
export const snake = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(snake);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json).map(([key, inner]) => [
        key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        snake(inner),
      ]),
    );
  }
  return value;
};

export const toQuoteResponse = (quote: QuoteResult): QuoteResponseDto => ({
  category: snake(quote.category) as Json,
  elements: snake(quote.elements) as Json[],
  rejected_codes: snake(quote.rejectedCodes) as Json[],
  element_count: quote.elementCount,
  tier: quote.tier ? (snake(quote.tier) as QuotedTierDto) : null,
  price: quote.price,
  currency: quote.currency,
  vat_included: quote.vatIncluded,
  tier_reason: quote.tierSelection.reason ? (snake(quote.tierSelection.reason) as Json) : null,
  matched_rules: snake(quote.tierSelection.matchedRules) as Json[],
  tier_checks: snake(quote.tierSelection.checks) as Json[],
  warnings: snake(quote.warnings) as Json,
  documentation: snake(quote.documentation) as Json,
  images: snake(quote.sendableImages) as Json[],
  additional_services: snake(quote.additionalServices) as Json[],
  explanation: quote.explanation,
});

export const toQuotePreviewResponse = (result: TextQuoteResult): QuotePreviewResponseDto => ({
  ...toQuoteResponse(result.quote),
  understood: snake(result.match) as UnderstoodDto,
  complete: result.complete,
});
