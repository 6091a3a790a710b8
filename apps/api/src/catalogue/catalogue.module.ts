import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BaseDocsController } from './base-docs/base-docs.controller';
import { BaseDocsService } from './base-docs/base-docs.service';
import { CategoriesController } from './categories/categories.controller';
import { CategoriesService } from './categories/categories.service';
import { CatalogueWriter } from './common/catalogue-writer';
import { ElementImagesController } from './elements/element-images.controller';
import { ElementImagesService } from './elements/element-images.service';
import { ElementWarningsController } from './elements/element-warnings.controller';
import { ElementWarningsService } from './elements/element-warnings.service';
import { ElementsController } from './elements/elements.controller';
import { RequiredFieldsController } from './elements/required-fields.controller';
import { RequiredFieldsService } from './elements/required-fields.service';
import { ElementsService } from './elements/elements.service';
import { PromptSectionsController } from './prompt-sections/prompt-sections.controller';
import { PromptSectionsService } from './prompt-sections/prompt-sections.service';
import { QuotesController } from './quotes/quotes.controller';
import { QuotesService } from './quotes/quotes.service';
import { AdditionalServicesController } from './services/additional-services.controller';
import { AdditionalServicesService } from './services/additional-services.service';
import { TiersController } from './tiers/tiers.controller';
import { TiersService } from './tiers/tiers.service';
import { WarningsController } from './warnings/warnings.controller';
import { WarningsService } from './warnings/warnings.service';

/**
 * Tariff catalogue administration (`/api/admin/*`) and the staff quote preview; engines and the
 * catalogue cache come from the shared read side (`@app/catalogue`).
 */
@Module({
  imports: [AuditModule],
  controllers: [
    CategoriesController,
    TiersController,
    PromptSectionsController,
    BaseDocsController,
    WarningsController,
    AdditionalServicesController,
    ElementsController,
    ElementImagesController,
    ElementWarningsController,
    RequiredFieldsController,
    QuotesController,
  ],
  providers: [
    CatalogueWriter,
    CategoriesService,
    TiersService,
    PromptSectionsService,
    BaseDocsService,
    WarningsService,
    AdditionalServicesService,
    ElementsService,
    ElementImagesService,
    ElementWarningsService,
    RequiredFieldsService,
    QuotesService,
  ],
})
export class CatalogueModule {}
