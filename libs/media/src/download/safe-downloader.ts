import { lookup as dnsLookup } from 'node:dns/promises';
import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AddressPolicy } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** DNS resolution, injectable so tests (and unusual deployments) need no real DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({
    address: answer.address,
    family: answer.family === 6 ? 6 : 4,
  }));
};

export interface DownloadPolicy {
  /** Host names allowed as download targets; each also allows its sub-domains. */
  allowedHosts: string[];
  /** Private CIDRs an operator explicitly allows (self-hosted Chatwoot on a LAN). */
  allowedPrivateCidrs: string[];
  maxBytes: number;
  /** Deadline for one attempt, redirects and body included. */
  timeoutMs: number;
  maxRedirects: number;
  /** Attempts in total; storage blobs can lag the webhook event, so 404s are retried too. */
  maxAttempts: number;
  retryBaseDelayMs: number;
}

export interface DownloadRequest {
  url: string;
  /** Extra headers (e.g. `api_access_token`), sent only to `credentialOrigins`. */
  headers?: Record<string, string>;
  /** Origins that may receive `headers`; defaults to the origin of `url`. */
  credentialOrigins?: string[];
  /** Overrides the policy's byte limit for this download. */
  maxBytes?: number;
}

export interface DownloadResult {
  body: Buffer;
  contentType: string | null;
  finalUrl: string;
  attempts: number;
}

export type DownloadFailure =
  'blocked' | 'too_large' | 'too_many_redirects' | 'http_status' | 'timeout' | 'network';

export class DownloadError extends Error {
  public constructor(
    public readonly reason: DownloadFailure,
    message: string,
    public readonly retryable: boolean,
    public readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_STATUS = (status: number): boolean =>
  status === 404 || status === 408 || status === 425 || status === 429 || status >= 500;

const blocked = (message: string): DownloadError => new DownloadError('blocked', message, false);

/**
 * Downloads attachments from Chatwoot without becoming an SSRF proxy:
 *  - http/https only, no credentials in URLs, host must be on the allow-list;
 *  - the host is resolved once per hop and EVERY answer must be a public address (or inside
 *    an operator-allowed CIDR); the socket then connects to that vetted address (custom
 *    `lookup`), so a DNS answer that changes between check and connect (rebinding) is useless;
 *  - redirects are followed by hand (at most `maxRedirects`), each hop re-validated, and
 *    credentials are only sent to the configured origins;
 *  - the body is capped while streaming and each attempt has a deadline;
 *  - 404/5xx/network errors are retried with backoff (blobs can appear after the webhook).
 */
export class SafeDownloader {
  private readonly addresses: AddressPolicy;
  private readonly allowedHosts: string[];

  public constructor(
    private readonly policy: DownloadPolicy,
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.addresses = new AddressPolicy(policy.allowedPrivateCidrs);
    this.allowedHosts = policy.allowedHosts.map(normaliseHost).filter(Boolean);
  }

  public async download(request: DownloadRequest): Promise<DownloadResult> {
    const attempts = Math.max(1, this.policy.maxAttempts);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.attempt(request);
        return { ...result, attempts: attempt };
      } catch (error) {
        const failure =
          error instanceof DownloadError
            ? error
            : new DownloadError('network', errorMessage(error), true);
        if (!failure.retryable || attempt >= attempts) throw failure;
        await sleep(this.policy.retryBaseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  /** Throws a DownloadError('blocked') when the URL may not be fetched (before any I/O). */
  public assertAllowedUrl(raw: string | URL): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw blocked('invalid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw blocked(`scheme ${url.protocol} not allowed`);
    }
    if (url.username || url.password) throw blocked('credentials in URL not allowed');
    const host = normaliseHost(url.hostname);
    if (!this.isAllowedHost(host)) throw blocked(`host ${host} is not on the allow-list`);
    if (isIP(host)) this.assertAddress(host);
    return url;
  }

  private async attempt(request: DownloadRequest): Promise<Omit<DownloadResult, 'attempts'>> {
    const maxBytes = request.maxBytes ?? this.policy.maxBytes;
    let url = this.assertAllowedUrl(request.url);
    const credentialOrigins = new Set(request.credentialOrigins ?? [url.origin]);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.policy.timeoutMs);
    try {
      for (let hop = 0; hop <= this.policy.maxRedirects; hop += 1) {
        const pinned = await this.vet(url);
        const headers = credentialOrigins.has(url.origin) ? (request.headers ?? {}) : {};
        const response = await this.get(url, pinned, headers, controller.signal);
        const status = response.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          response.resume();
          const location = response.headers.location;
          if (!location)
            throw new DownloadError('http_status', 'redirect without Location', false, status);
          url = this.assertAllowedUrl(new URL(location, url));
          continue;
        }
        if (status !== 200) {
          response.resume();
          throw new DownloadError(
            'http_status',
            `HTTP ${status}`,
            RETRYABLE_STATUS(status),
            status,
          );
        }
        const body = await readCapped(response, maxBytes);
        return {
          body,
          contentType: response.headers['content-type'] ?? null,
          finalUrl: url.toString(),
        };
      }
      throw new DownloadError(
        'too_many_redirects',
        `more than ${this.policy.maxRedirects} redirects`,
        false,
      );
    } catch (error) {
      if (
        controller.signal.aborted &&
        !(error instanceof DownloadError && error.reason !== 'network')
      ) {
        throw new DownloadError(
          'timeout',
          `no complete answer within ${this.policy.timeoutMs} ms`,
          true,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  /** Resolves the hop's host once and returns the vetted address to connect to. */
  private async vet(url: URL): Promise<ResolvedAddress> {
    const host = normaliseHost(url.hostname);
    const literal = isIP(host);
    if (literal) return { address: host, family: literal === 6 ? 6 : 4 };
    let answers: ResolvedAddress[];
    try {
      answers = await this.resolve(host);
    } catch (error) {
      throw new DownloadError('network', `cannot resolve ${host}: ${errorMessage(error)}`, true);
    }
    if (answers.length === 0) throw new DownloadError('network', `no address for ${host}`, true);
    // One bad answer taints the name: an attacker-controlled zone may mix public and private.
    answers.forEach((answer) => this.assertAddress(answer.address, host));
    return answers[0];
  }

  private assertAddress(address: string, host?: string): void {
    const verdict = this.addresses.check(address);
    if (!verdict.allowed) {
      throw blocked(`${host ? `${host} resolves to ` : ''}${address}: ${verdict.reason}`);
    }
  }

  private isAllowedHost(host: string): boolean {
    return this.allowedHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  }

  private get(
    url: URL,
    pinned: ResolvedAddress,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const host = normaliseHost(url.hostname);
    return new Promise((resolve, reject) => {
      const req = client.request(
        {
          protocol: url.protocol,
          hostname: host,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: {
            ...headers,
            accept: 'image/*, application/octet-stream;q=0.8, */*;q=0.5',
            // We count raw bytes; a compressed transfer would hide the real size.
            'accept-encoding': 'identity',
            'user-agent': 'msia-backend/1.0',
          },
          lookup,
          // TLS must still verify the certificate for the name, not the pinned address.
          servername: isIP(host) ? undefined : host,
          // No keep-alive pool: a socket must never be reused for a different vetted host.
          agent: false,
          signal,
        },
        resolve,
      );
      req.on('error', (error) => reject(new DownloadError('network', errorMessage(error), true)));
      req.end();
    });
  }
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new DownloadError('too_large', `declared ${declared} bytes > ${maxBytes}`, false);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        response.destroy();
        throw new DownloadError('too_large', `more than ${maxBytes} bytes`, false);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError('network', errorMessage(error), true);
  }
  return Buffer.concat(chunks, total);
}

const normaliseHost = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
