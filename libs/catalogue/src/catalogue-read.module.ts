import { DynamicModule, Module } from '@nestjs/common';
import {
  CATALOGUE_READ_OPTIONS,
  CatalogueCacheService,
  CatalogueReadOptions,
} from './catalogue-cache.service';
import { CatalogueEngineService } from './catalogue-engine.service';
import { CatalogueSnapshotLoader } from './catalogue-snapshot.loader';

/**
 * The read side of the tariff catalogue, shared by the api (admin quotes, public tariffs, cache
 * invalidation on writes) and the worker (the customer agent quotes with the same engines).
 */
@Module({})
export class CatalogueReadModule {
  public static forRoot(options: CatalogueReadOptions): DynamicModule {
    return {
      module: CatalogueReadModule,
      global: true,
      providers: [
        { provide: CATALOGUE_READ_OPTIONS, useValue: options },
        CatalogueCacheService,
        CatalogueSnapshotLoader,
        CatalogueEngineService,
      ],
      exports: [
        CATALOGUE_READ_OPTIONS,
        CatalogueCacheService,
        CatalogueEngineService,
        CatalogueSnapshotLoader,
      ],
    };
  }
}
