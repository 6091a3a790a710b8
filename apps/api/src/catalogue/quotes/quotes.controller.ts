import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CatalogueRoute } from '../common/catalogue-route.decorator';
import { QuotePreviewDto, QuotePreviewResponseDto } from './dto/quote.dto';
import { QuotesService } from './quotes.service';

@ApiTags('catalogue: quotes')
@Controller('api/admin/quotes')
export class QuotesController {
  public constructor(private readonly quotes: QuotesService) {}

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @CatalogueRoute({
    summary: 'What the quote engine understands and prices for a customer message',
    description:
      'Staff test catalogue edits here before customers see them: recognised elements and ' +
      'quantities, variant questions, unmatched terms, tier and why, price (EUR, no VAT), ' +
      'warnings, documentation and sendable images.',
    type: QuotePreviewResponseDto,
  })
  public preview(@Body() body: QuotePreviewDto): Promise<QuotePreviewResponseDto> {
    return this.quotes.preview(body);
  }
}
