import { Injectable, StreamableFile } from '@nestjs/common';
import { DomainError, forbidden, notFound } from '@app/domain';
import { mimeForExtension, UrlSigner } from '@app/media';
import { assertSafeStorageName, invalidFileName, ObjectStorage, StorageArea } from '@app/storage';

export const CASE_IMAGES_PATH = '/case-images';

const signatureRejected = (): DomainError =>
  forbidden('Enlace no válido o caducado: solicite uno nuevo');

/** Streams stored images to HTTP clients: public example images and signed customer photos. */
@Injectable()
export class ImageFilesService {
  public constructor(
    private readonly storage: ObjectStorage,
    private readonly signer: UrlSigner,
  ) {}

  /** Catalogue example images: public on purpose (Chatwoot/WhatsApp fetch them). */
  public openPublicImage(filename: string): Promise<StreamableFile> {
    return this.open('images', filename);
  }

  /** Customer documents: only with a valid, unexpired signature for exactly this path. */
  public async openSignedCaseImage(
    filename: string,
    expires: unknown,
    signature: unknown,
  ): Promise<StreamableFile> {
    const check = this.signer.verify(`${CASE_IMAGES_PATH}/${filename}`, expires, signature);
    if (check !== 'valid') throw signatureRejected();
    return this.open('case-images', filename);
  }

  /** Absolute, expiring URL for a customer photo (for Chatwoot/WhatsApp or staff links). */
  public signCaseImageUrl(storedFilename: string, ttlSeconds?: number): string {
    assertSafeStorageName(storedFilename);
    return this.signer.sign(`${CASE_IMAGES_PATH}/${storedFilename}`, ttlSeconds).url;
  }

  /**
   * The same signed URL as a same-origin path (`/case-images/<file>?expires=…&signature=…`) for
   * the admin SPA, which proxies `/case-images` to the api whatever API_BASE_URL says.
   */
  public signCaseImagePath(storedFilename: string, ttlSeconds?: number): string {
    assertSafeStorageName(storedFilename);
    const signed = this.signer.sign(`${CASE_IMAGES_PATH}/${storedFilename}`, ttlSeconds);
    const query = new URLSearchParams({
      expires: String(signed.expires),
      signature: signed.signature,
    });
    return `${signed.path}?${query.toString()}`;
  }

  private async open(area: StorageArea, filename: string): Promise<StreamableFile> {
    assertSafeStorageName(filename);
    const mimeType = mimeForExtension(filename);
    if (!mimeType) throw invalidFileName();
    const file = await this.storage.get(area, filename);
    if (!file) throw notFound('Imagen');
    return new StreamableFile(file.stream, {
      type: mimeType,
      length: file.size,
      disposition: `inline; filename="${filename}"`,
    });
  }
}
