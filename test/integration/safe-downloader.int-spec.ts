import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DownloadError,
  DownloadPolicy,
  ResolvedAddress,
  Resolver,
  SafeDownloader,
} from '@app/media';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real local HTTP server stands in for Chatwoot and its storage host. Names resolve through
 * an injected resolver (no DNS); 127.0.0.1 is reachable only because the policy allows exactly
 * 127.0.0.1/32, the way an operator would allow a self-hosted Chatwoot.
 */
describe('SafeDownloader (local HTTP server, injected DNS)', () => {
  let server: Server;
  let port: number;
  let handler: Handler;
  const requests: {
    host: string | undefined;
    url: string | undefined;
    token: string | undefined;
  }[] = [];

  const LOCAL: ResolvedAddress[] = [{ address: '127.0.0.1', family: 4 }];
  const zone: Record<string, ResolvedAddress[]> = {
    'chatwoot.test': LOCAL,
    'files.chatwoot.test': LOCAL,
    'lan.chatwoot.test': [{ address: '192.168.1.20', family: 4 }],
    'mixed.chatwoot.test': [
      { address: '127.0.0.1', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ],
    'v6.chatwoot.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'ula.chatwoot.test': [{ address: 'fd00::1', family: 6 }],
    'evil.example': LOCAL,
  };
  const lookups: string[] = [];
  const resolver: Resolver = (hostname) => {
    lookups.push(hostname);
    const answer = zone[hostname];
    return answer ? Promise.resolve(answer) : Promise.reject(new Error(`NXDOMAIN ${hostname}`));
  };

  const policy = (extra: Partial<DownloadPolicy> = {}): DownloadPolicy => ({
    allowedHosts: ['chatwoot.test'],
    allowedPrivateCidrs: ['127.0.0.1/32'],
    maxBytes: 1000,
    timeoutMs: 2000,
    maxRedirects: 5,
    maxAttempts: 1,
    retryBaseDelayMs: 1,
    ...extra,
  });
  const url = (host: string, path: string): string => `http://${host}:${port}${path}`;

  const failure = async (promise: Promise<unknown>): Promise<DownloadError> => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(DownloadError);
      return error as DownloadError;
    }
    throw new Error('expected the download to fail');
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({
        host: req.headers.host,
        url: req.url,
        token: req.headers['api_access_token'] as string | undefined,
      });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    requests.length = 0;
    lookups.length = 0;
  });

  it('follows a redirect inside the allow-list and sends the token only to the API origin', async () => {
    handler = (req, res) => {
      if (req.url === '/rails/blob/1') {
        res.writeHead(302, { location: url('files.chatwoot.test', '/blob/1') }).end();
      } else {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end('JPEGDATA');
      }
    };
    const downloader = new SafeDownloader(policy(), resolver);
    const result = await downloader.download({
      url: url('chatwoot.test', '/rails/blob/1'),
      headers: { api_access_token: 'secret-token' },
    });
    expect(result.body.toString()).toBe('JPEGDATA');
    expect(result.contentType).toBe('image/jpeg');
    expect(result.finalUrl).toBe(url('files.chatwoot.test', '/blob/1'));
    expect(requests.map((r) => r.token)).toEqual(['secret-token', undefined]);
    expect(lookups).toEqual(['chatwoot.test', 'files.chatwoot.test']);
  });

  it.each([
    ['a private IPv4 literal', 'http://10.0.0.1/x'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a loopback literal not allowed by the operator', 'http://127.0.0.2:1/x'],
    ['an IPv4-mapped IPv6 literal', 'http://[::ffff:127.0.0.1]:1/x'],
    ['IPv6 loopback', 'http://[::1]:1/x'],
    ['a host outside the allow-list', 'http://evil.example/x'],
    ['a look-alike suffix', 'http://evilchatwoot.test/x'],
    ['a file URL', 'file:///etc/passwd'],
    ['a gopher URL', 'gopher://chatwoot.test/x'],
  ])('refuses a redirect to %s', async (_name, target) => {
    handler = (_req, res) => {
      res.writeHead(302, { location: target }).end();
    };
    const downloader = new SafeDownloader(policy(), resolver);
    const error = await failure(downloader.download({ url: url('chatwoot.test', '/r') }));
    expect(error.reason).toBe('blocked');
    expect(error.retryable).toBe(false);
    expect(requests).toHaveLength(1); // the redirect target was never contacted
  });

  it.each([
    ['a private address', 'lan.chatwoot.test'],
    ['one private address among public ones', 'mixed.chatwoot.test'],
    ['an IPv4-mapped IPv6 address', 'v6.chatwoot.test'],
    ['a unique-local IPv6 address', 'ula.chatwoot.test'],
  ])('refuses an allowed name whose DNS answer contains %s', async (_name, host) => {
    handler = (_req, res) => {
      res.writeHead(200).end('should not be reached');
    };
    const downloader = new SafeDownloader(policy(), resolver);
    const error = await failure(downloader.download({ url: url(host, '/x') }));
    expect(error.reason).toBe('blocked');
    expect(requests).toHaveLength(0);
  });

  it('connects to the vetted address even if DNS changes its answer afterwards (rebinding)', async () => {
    let calls = 0;
    const rebinding: Resolver = () => {
      calls += 1;
      // First answer passes the check; any later lookup would point inside the network.
      return Promise.resolve(calls === 1 ? LOCAL : [{ address: '10.0.0.7', family: 4 }]);
    };
    handler = (_req, res) => {
      res.writeHead(200).end('ok');
    };
    const downloader = new SafeDownloader(policy(), rebinding);
    const result = await downloader.download({ url: url('chatwoot.test', '/x') });
    expect(result.body.toString()).toBe('ok');
    expect(calls).toBe(1);
    expect(requests[0]?.host).toBe(`chatwoot.test:${port}`);
  });

  it('refuses a public-looking address only reachable by URL credentials', async () => {
    const downloader = new SafeDownloader(policy(), resolver);
    const error = await failure(
      downloader.download({ url: `http://user:pw@chatwoot.test:${port}/x` }),
    );
    expect(error.reason).toBe('blocked');
  });

  it('gives up after five redirects', async () => {
    handler = (req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(302, { location: `/${n + 1}` }).end();
    };
    const downloader = new SafeDownloader(policy(), resolver);
    const error = await failure(downloader.download({ url: url('chatwoot.test', '/0') }));
    expect(error.reason).toBe('too_many_redirects');
    expect(requests).toHaveLength(6);
  });

  it('refuses a declared Content-Length above the cap', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '5000' }).end(Buffer.alloc(5000));
    };
    const downloader = new SafeDownloader(policy(), resolver);
    expect((await failure(downloader.download({ url: url('chatwoot.test', '/big') }))).reason).toBe(
      'too_large',
    );
  });

  it('stops a chunked body as soon as it passes the cap', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 20; i += 1) res.write(Buffer.alloc(100));
      res.end();
    };
    const downloader = new SafeDownloader(policy(), resolver);
    const error = await failure(downloader.download({ url: url('chatwoot.test', '/stream') }));
    expect(error.reason).toBe('too_large');
  });

  it('retries a blob that is not there yet (404) and then succeeds', async () => {
    let served = 0;
    handler = (_req, res) => {
      served += 1;
      if (served < 3) res.writeHead(404).end();
      else res.writeHead(200).end('late blob');
    };
    const downloader = new SafeDownloader(policy({ maxAttempts: 4 }), resolver);
    const result = await downloader.download({ url: url('chatwoot.test', '/late') });
    expect(result.body.toString()).toBe('late blob');
    expect(result.attempts).toBe(3);
  });

  it('does not retry a 403 and reports the status', async () => {
    handler = (_req, res) => {
      res.writeHead(403).end();
    };
    const downloader = new SafeDownloader(policy({ maxAttempts: 4 }), resolver);
    const error = await failure(downloader.download({ url: url('chatwoot.test', '/denied') }));
    expect(error).toMatchObject({ reason: 'http_status', status: 403, retryable: false });
    expect(requests).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    handler = () => {
      // never respond
    };
    const downloader = new SafeDownloader(policy({ timeoutMs: 300 }), resolver);
    const error = await failure(downloader.download({ url: url('chatwoot.test', '/hang') }));
    expect(error.reason).toBe('timeout');
  });
});
