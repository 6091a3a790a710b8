import { Injectable } from '@nestjs/common';
import { basename } from 'node:path';
import { OutgoingFile } from '@app/chatwoot';
import { WorkerConfig } from '../config/worker.config';
import { PermanentError } from '../streams/stream-handler';

const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Downloads an image we send to a customer (catalogue example images served by our api).
 * Relative URLs are made absolute with API_BASE_URL; only our own api host and the Chatwoot
 * host are allowed (every redirect hop is re-checked), with a timeout and a size cap.
 */
@Injectable()
export class ImageFetcher {
  private readonly allowedHosts: Set<string>;

  public constructor(private readonly config: WorkerConfig) {
    this.allowedHosts = new Set([
      new URL(config.apiBaseUrl).host,
      new URL(config.chatwoot.baseUrl).host,
    ]);
  }

  public async fetch(url: string): Promise<OutgoingFile> {
    let target = this.resolve(url, this.config.apiBaseUrl);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const response = await fetch(target, {
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.chatwoot.timeoutMs),
      });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        if (!location) throw new PermanentError(`redirect without location from ${target.host}`);
        target = this.resolve(location, target.toString());
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        throw new PermanentError(`image not found: ${target.pathname}`);
      }
      if (!response.ok) throw new Error(`image download answered ${response.status}`);
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > MAX_IMAGE_BYTES) throw new PermanentError('image larger than 16 MB');
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > MAX_IMAGE_BYTES) throw new PermanentError('image larger than 16 MB');
      const contentType =
        (response.headers.get('content-type') ?? 'image/jpeg').split(';')[0] ?? '';
      return {
        data,
        contentType: contentType.trim() || 'image/jpeg',
        filename: basename(target.pathname) || 'imagen.jpg',
      };
    }
    throw new PermanentError('too many redirects');
  }

  private resolve(url: string, base: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url, base);
    } catch {
      throw new PermanentError(`invalid image URL`);
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || !this.allowedHosts.has(parsed.host)) {
      throw new PermanentError(`image host not allowed: ${parsed.host}`);
    }
    return parsed;
  }
}
