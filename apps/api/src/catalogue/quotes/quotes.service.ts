import { Injectable } from '@nestjs/common';
import { invalid } from '@app/domain';
import { CatalogueErrorCode } from '../common/catalogue-writer';
import { CatalogueEngineService } from '@app/catalogue';
import { QuotePreviewDto, QuotePreviewResponseDto, toQuotePreviewResponse } from './dto/quote.dto';

/** Staff preview: what the engine understands and prices, exactly as customers will get it. */
@Injectable()
export class QuotesService {
  public constructor(private readonly engines: CatalogueEngineService) {}

  public async preview(body: QuotePreviewDto): Promise<QuotePreviewResponseDto> {
    const engine = await this.engines.forSlug(body.category_slug);
    const category = engine.snapshot.category;
    if (body.client_type && body.client_type !== category.clientType) {
      throw invalid(
        CatalogueErrorCode.INVALID,
        `La categoría ${category.slug} es para clientes ${category.clientType === 'particular' ? 'particulares' : 'profesionales'}`,
        { client_type: category.clientType },
      );
    }
    return toQuotePreviewResponse(engine.quoteText(body.text));
  }
}
