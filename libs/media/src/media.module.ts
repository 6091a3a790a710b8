import { DynamicModule, Global, Module } from '@nestjs/common';
import { StorageModule } from '@app/storage';
import { SafeDownloader } from './download/safe-downloader';
import { ImageValidator } from './images/image-validator';
import { MediaOptions } from './media.env';
import { UrlSigner } from './signed-url/url-signer';

/** Injection token of the typed media settings. */
export const MEDIA_OPTIONS = Symbol('MEDIA_OPTIONS');

/**
 * Shared building blocks for files: the storage port, image validation, signed URLs and the
 * SSRF-safe downloader, configured once from the app's validated settings.
 */
@Global()
@Module({})
export class MediaModule {
  public static forRoot(options: MediaOptions): DynamicModule {
    return {
      module: MediaModule,
      imports: [StorageModule.forRoot(options.storage)],
      providers: [
        { provide: MEDIA_OPTIONS, useValue: options },
        { provide: ImageValidator, useFactory: () => new ImageValidator(options.images) },
        {
          provide: UrlSigner,
          useFactory: () =>
            new UrlSigner({
              secret: options.signedUrls.secret,
              defaultTtlSeconds: options.signedUrls.ttlSeconds,
              publicBaseUrl: options.publicBaseUrl,
            }),
        },
        { provide: SafeDownloader, useFactory: () => new SafeDownloader(options.downloads) },
      ],
      exports: [StorageModule, MEDIA_OPTIONS, ImageValidator, UrlSigner, SafeDownloader],
    };
  }
}
