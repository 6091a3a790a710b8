import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local stand-in for Chatwoot's REST API (the calls the worker makes), started by a test.
 * It keeps conversations, messages, labels and contacts in memory, records every request and
 * can be scripted to fail (status codes) or to answer slowly (while still storing the write).
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  multipart: { content: string | null; files: number } | null;
  at: number;
  /** The W3C trace context the caller sent, if any. */
  traceparent?: string;
}

export interface FakeMessage {
  id: number;
  content: string | null;
  message_type: number;
  private: boolean;
  created_at: number;
  conversation_id: number;
  attachments: Record<string, unknown>[];
  sender: Record<string, unknown> | null;
}

export interface FakeConversation {
  id: number;
  inbox_id: number;
  status: string;
  labels: string[];
  custom_attributes: Record<string, unknown>;
  last_activity_at: number;
  meta: { sender: Record<string, unknown> };
  team_id: number | null;
  messages: FakeMessage[];
}

/**
 * Random faults on every matching request (chaos tests), on top of the scripted ones. Each
 * request draws once: below `failureRate` it answers `failureStatus` without storing the write;
 * below `failureRate + hangRate` it stores the write at once but answers only after `hangMs`
 * (a client with a shorter timeout gives up although Chatwoot has the write).
 */
export interface FakeChatwootFaults {
  failureRate?: number;
  /** Default 500. */
  failureStatus?: number;
  hangRate?: number;
  hangMs?: number;
  /** Methods the faults apply to (default: POST only). */
  methods?: string[];
  /** Paths the faults apply to (default: every authenticated API path). */
  path?: RegExp;
  /** Random source in [0, 1) (default Math.random; pass a seeded one to replay a run). */
  random?: () => number;
}

/** What the random faults did (chaos tests report it). */
export interface FakeChatwootFaultStats {
  failed: number;
  hung: number;
}

interface Script {
  method: string;
  path: RegExp;
  status?: number;
  delayMs?: number;
  storeAfterDelay?: boolean;
  remaining: number;
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export class FakeChatwoot {
  public readonly requests: RecordedRequest[] = [];
  public readonly conversations = new Map<number, FakeConversation>();
  public readonly contacts = new Map<number, Record<string, unknown>>();
  private readonly scripts: Script[] = [];
  private readonly files = new Map<string, { body: Buffer; contentType: string }>();
  private readonly redirects = new Map<string, string>();
  private server: Server | null = null;
  private nextMessageId = 100_000;
  private nextContactId = 5000;
  public url = '';
  public readonly faultStats: FakeChatwootFaultStats = { failed: 0, hung: 0 };

  /** `faults` (optional, chaos tests) can be changed or cleared at any time. */
  public constructor(public faults: FakeChatwootFaults | null = null) {}

  public async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
    return this;
  }

  public async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Next `times` matching requests answer `status` (the write is not stored). */
  public fail(method: string, path: RegExp, status: number, times = 1): void {
    this.scripts.push({ method, path, status, remaining: times });
  }

  /**
   * Next `times` matching requests are stored at once but answered after `delayMs`; with
   * `storeAfterDelay` they are stored only when answered (a slow Chatwoot still writing).
   */
  public delay(
    method: string,
    path: RegExp,
    delayMs: number,
    times = 1,
    options: { storeAfterDelay?: boolean } = {},
  ): void {
    this.scripts.push({
      method,
      path,
      delayMs,
      storeAfterDelay: options.storeAfterDelay,
      remaining: times,
    });
  }

  public clearScripts(): void {
    this.scripts.length = 0;
  }

  public conversation(id: number, attributes: Record<string, unknown> = {}): FakeConversation {
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = {
        id,
        inbox_id: 3,
        status: 'open',
        labels: [],
        custom_attributes: { ...attributes },
        last_activity_at: Math.floor(Date.now() / 1000),
        meta: { sender: {} },
        team_id: null,
        messages: [],
      };
      this.conversations.set(id, conversation);
    }
    return conversation;
  }

  /** A customer message that exists in Chatwoot (whether or not a webhook announced it). */
  public addIncoming(
    conversationId: number,
    content: string,
    sender: { id: number; name: string; phone_number: string | null },
    id: number = this.nextMessageId++,
  ): FakeMessage {
    const conversation = this.conversation(conversationId);
    const now = Math.floor(Date.now() / 1000);
    const message: FakeMessage = {
      id,
      content,
      message_type: 0,
      private: false,
      created_at: now,
      conversation_id: conversationId,
      attachments: [],
      sender: { ...sender, type: 'contact' },
    };
    conversation.messages.push(message);
    conversation.meta.sender = { ...sender };
    conversation.last_activity_at = now;
    return message;
  }

  /** Serves `body` at `path` without a token (an attachment's `data_url`); returns its URL. */
  public serveFile(path: string, body: Buffer, contentType: string): string {
    this.files.set(path, { body, contentType });
    return `${this.url}${path}`;
  }

  /** Answers GET `path` with a 302 to `location` (a storage redirect); returns its URL. */
  public serveRedirect(path: string, location: string): string {
    this.redirects.set(path, location);
    return `${this.url}${path}`;
  }

  /** Outgoing messages (replies and, with `includePrivate`, notes) of a conversation. */
  public outgoing(conversationId: number, includePrivate = false): FakeMessage[] {
    return (this.conversations.get(conversationId)?.messages ?? []).filter(
      (message) => message.message_type === 1 && (includePrivate || !message.private),
    );
  }

  public calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = null;
    let multipart: RecordedRequest['multipart'] = null;
    if (contentType.includes('application/json') && raw.length > 0)
      body = JSON.parse(raw.toString());
    if (contentType.includes('multipart/form-data')) {
      const text = raw.toString('latin1');
      const content = /name="content"\r\n\r\n([\s\S]*?)\r\n--/.exec(text);
      multipart = {
        content: content ? Buffer.from(content[1] ?? '', 'latin1').toString('utf8') : null,
        files: (text.match(/filename="/g) ?? []).length,
      };
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      multipart,
      at: Date.now(),
      ...(typeof req.headers.traceparent === 'string'
        ? { traceparent: req.headers.traceparent }
        : {}),
    });

    const location = method === 'GET' ? this.redirects.get(url.pathname) : undefined;
    if (location) {
      res.writeHead(302, { Location: location });
      res.end();
      return;
    }
    const file = method === 'GET' ? this.files.get(url.pathname) : undefined;
    if (file) {
      res.writeHead(200, { 'Content-Type': file.contentType });
      res.end(file.body);
      return;
    }
    if (method === 'GET' && url.pathname.startsWith('/public/')) {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(PNG_1X1);
      return;
    }
    if (req.headers.api_access_token !== 'test-chatwoot-token') {
      return this.json(res, 401, { error: 'unauthorized' });
    }
    const script = this.scripts.find(
      (candidate) =>
        candidate.remaining > 0 && candidate.method === method && candidate.path.test(url.pathname),
    );
    if (script) script.remaining -= 1;
    if (script?.status) return this.json(res, script.status, { error: 'scripted failure' });
    const fault = script ? null : this.drawFault(method, url.pathname);
    if (fault?.status) return this.json(res, fault.status, { error: 'injected failure' });
    const delayMs = script?.delayMs ?? fault?.delayMs;
    if (delayMs && script?.storeAfterDelay) await new Promise((r) => setTimeout(r, delayMs));
    const [status, payload] = this.route(method, url, body, multipart);
    if (delayMs && !script?.storeAfterDelay) await new Promise((r) => setTimeout(r, delayMs));
    this.json(res, status, payload);
  }

  private drawFault(method: string, path: string): { status?: number; delayMs?: number } | null {
    const faults = this.faults;
    if (!faults) return null;
    if (!(faults.methods ?? ['POST']).includes(method)) return null;
    if (faults.path && !faults.path.test(path)) return null;
    const draw = (faults.random ?? Math.random)();
    const failureRate = faults.failureRate ?? 0;
    if (draw < failureRate) {
      this.faultStats.failed += 1;
      return { status: faults.failureStatus ?? 500 };
    }
    if (draw < failureRate + (faults.hangRate ?? 0)) {
      this.faultStats.hung += 1;
      return { delayMs: faults.hangMs ?? 10_000 };
    }
    return null;
  }

  private route(
    method: string,
    url: URL,
    body: unknown,
    multipart: RecordedRequest['multipart'],
  ): [number, unknown] {
    const path = url.pathname.replace(/^\/api\/v1\/accounts\/\d+/, '');
    const json = (body ?? {}) as Record<string, unknown>;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/conversations') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = [...this.conversations.values()].sort(
        (a, b) => b.last_activity_at - a.last_activity_at,
      );
      const payload = all.slice((page - 1) * 25, page * 25).map((c) => this.view(c));
      return [200, { data: { meta: { all_count: all.length }, payload } }];
    }
    if ((match = /^\/conversations\/(\d+)$/.exec(path)) && method === 'GET') {
      const conversation = this.conversations.get(Number(match[1]));
      return conversation ? [200, this.view(conversation)] : [404, { error: 'not found' }];
    }
    if ((match = /^\/conversations\/(\d+)\/messages$/.exec(path))) {
      const conversation = this.conversation(Number(match[1]));
      if (method === 'GET') {
        const before = Number(url.searchParams.get('before') ?? Number.MAX_SAFE_INTEGER);
        const older = conversation.messages.filter((m) => m.id < before);
        return [200, { meta: {}, payload: older.slice(-20) }];
      }
      const message: FakeMessage = {
        id: this.nextMessageId++,
        content: multipart ? multipart.content : ((json.content as string | undefined) ?? null),
        message_type: 1,
        private: multipart ? false : json.private === true,
        created_at: Math.floor(Date.now() / 1000),
        conversation_id: conversation.id,
        attachments: multipart ? [{ file_type: 'image' }] : [],
        sender: null,
      };
      conversation.messages.push(message);
      return [200, message];
    }
    if ((match = /^\/conversations\/(\d+)\/custom_attributes$/.exec(path))) {
      const conversation = this.conversation(Number(match[1]));
      Object.assign(conversation.custom_attributes, json.custom_attributes);
      return [200, { custom_attributes: conversation.custom_attributes }];
    }
    if ((match = /^\/conversations\/(\d+)\/labels$/.exec(path))) {
      const conversation = this.conversation(Number(match[1]));
      if (method === 'POST') conversation.labels = [...((json.labels as string[]) ?? [])];
      return [200, { payload: conversation.labels }];
    }
    if ((match = /^\/conversations\/(\d+)\/assignments$/.exec(path))) {
      const conversation = this.conversation(Number(match[1]));
      conversation.team_id = Number(json.team_id);
      return [200, { id: conversation.team_id }];
    }
    if (method === 'GET' && path === '/contacts/search') {
      const q = url.searchParams.get('q') ?? '';
      const payload = [...this.contacts.values()].filter((c) => c.phone_number === q);
      return [200, { payload }];
    }
    if (method === 'POST' && path === '/contacts') {
      const contact = { id: this.nextContactId++, ...json };
      this.contacts.set(contact.id, contact);
      return [200, { payload: { contact } }];
    }
    if ((match = /^\/contacts\/(\d+)$/.exec(path))) {
      const contact = this.contacts.get(Number(match[1]));
      if (!contact) return [404, { error: 'not found' }];
      if (method === 'PUT') Object.assign(contact, json);
      return [200, { payload: contact }];
    }
    return [404, { error: `no fake route for ${method} ${path}` }];
  }

  private view(conversation: FakeConversation): Record<string, unknown> {
    const { messages: _messages, ...rest } = conversation;
    return rest;
  }

  private json(res: ServerResponse, status: number, payload: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(payload));
  }
}

export const FAKE_CHATWOOT_TOKEN = 'test-chatwoot-token';
