import { randomBytes, randomInt } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import {
  safeEqual,
  signChatwootBody,
} from '../../apps/api/src/webhooks/chatwoot/webhook-signature';
import { chatwootFixture, incomingEvent } from '../../test/support/chatwoot-events';
import {
  FAKE_CHATWOOT_TOKEN,
  FakeChatwoot,
  FakeConversation,
  FakeMessage,
} from '../../test/support/fake-chatwoot';
import {
  BLOB_PATH,
  BotAttachment,
  ChatContact,
  CONTROL_PREFIX,
  EventsPage,
  NewConversation,
  SendRequest,
  SendResult,
  ServiceState,
  StandInEvent,
  StandInHealth,
  UploadedFile,
  WebhookOutcome,
} from './protocol';

export interface StandInOptions {
  /** `api_access_token` the REST API accepts (the worker's CHATWOOT_API_TOKEN). */
  apiToken: string;
  accountId: number;
  /** The account webhook: the api's `/webhook/chatwoot/{CHATWOOT_WEBHOOK_TOKEN}`. */
  webhookUrl: string;
  /** When set, webhooks are signed like Chatwoot does (X-Chatwoot-Signature). */
  webhookSecret?: string | null;
  /** Loopback port; 0 = any free one. */
  port: number;
  /** /health URLs of the api and the worker, reported by the control API. */
  health?: { api?: string; worker?: string };
}

type Json = Record<string, unknown>;

interface StoredFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** The fields of a Chatwoot `message_created` payload that are filled in per message. */
interface MessageCreatedEvent {
  content: string | null;
  created_at: string;
  message_type: string;
  private: boolean;
  source_id: string | null;
  sender: Json;
  attachments?: Json[];
  conversation: Json & { messages: Json[] };
}

/** The WhatsApp inbox of test/support's fake conversations and webhook fixtures. */
const INBOX_ID = 3;
/** Chatwoot gives the api 5 s to answer a webhook. */
const WEBHOOK_TIMEOUT_MS = 5000;
const MAX_LONG_POLL_MS = 30_000;
const MAX_EVENTS_PER_CONVERSATION = 1000;
const BOT_SENDER: Json = { id: 1, name: 'MSI-a bot', avatar_url: '', type: 'agent_bot' };
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * Ids of messages, attachments, contacts and conversations. PostgreSQL and Redis outlive a
 * restarted stand-in and key customers, photos and dedupe markers by these ids, so an id is
 * never handed out twice: ids follow the clock (4 per second since 2025, which fits Chatwoot's
 * int4 columns until 2042) and only grow within a run.
 */
class ClockIds {
  private static readonly EPOCH_SECONDS = 1_735_689_600;
  private last = 0;

  public next(): number {
    const clock = Math.floor((Date.now() / 1000 - ClockIds.EPOCH_SECONDS) * 4);
    this.last = Math.max(this.last + 1, clock);
    return this.last;
  }
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const parseJson = (raw: Buffer): Json => {
  if (raw.length === 0) return {};
  const value: unknown = JSON.parse(raw.toString('utf8'));
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
};

const failure = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
};

/**
 * A local Chatwoot for trying the bot without one (`./scripts/start.sh` + `npm run chat`).
 * The REST API is test/support's FakeChatwoot (conversations, messages, labels, attributes and
 * contacts in memory, in Chatwoot's shapes), served behind this front that adds what a running
 * stack needs: its own `api_access_token`, real attachment bytes at Active Storage URLs, ids
 * that survive a restart, `message_created` webhooks to the api carrying the conversation's
 * current custom attributes (so a hand-over silences the bot, as in Chatwoot), and a control
 * API under /_standin for the terminal client. Listens on loopback only.
 */
export class ChatwootStandIn extends FakeChatwoot {
  private front: Server | null = null;
  private backend = '';
  private readonly ids = new ClockIds();
  private readonly events = new Map<number, StandInEvent[]>();
  private readonly waiters = new Set<() => void>();
  private readonly attachmentTemplate: Json;
  private seq = 0;
  private stopped = false;

  public constructor(private readonly options: StandInOptions) {
    super();
    const fixture: Json = chatwootFixture('message_created_incoming_image');
    this.attachmentTemplate = (fixture.attachments as Json[])[0] ?? {};
  }

  public override async start(): Promise<this> {
    await super.start();
    this.backend = this.url;
    const front = createServer((req, res) => {
      void this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, 500, { error: failure(error) });
        else res.destroy();
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        front.once('error', reject);
        front.listen(this.options.port, '127.0.0.1', resolve);
      });
    } catch (error) {
      await super.stop();
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new Error(
          `port ${this.options.port} is taken (a stand-in still running?): free it or set CHATWOOT_STANDIN_PORT`,
        );
      }
      throw error;
    }
    this.front = front;
    this.url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    return this;
  }

  public override async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.waiters) wake();
    const front = this.front;
    if (front) {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
    await super.stop();
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      const [status, payload] = await this.control(method, url, raw);
      return this.send(res, status, payload);
    }
    const contentType = req.headers['content-type'] ?? '';
    const account = /^\/api\/v1\/accounts\/(\d+)(\/.*)$/.exec(url.pathname);
    if (!account) {
      // Files (attachment data_urls, the fake's /public images): served by the fake, no token.
      const forwarded = await this.forward(method, url, raw, contentType);
      res.writeHead(forwarded.status, { 'Content-Type': forwarded.contentType });
      res.end(forwarded.data);
      return;
    }
    const token = req.headers.api_access_token;
    if (typeof token !== 'string' || !safeEqual(token, this.options.apiToken)) {
      return this.send(res, 401, {
        errors: ['You need to sign in or sign up before continuing.'],
      });
    }
    if (Number(account[1]) !== this.options.accountId) {
      return this.send(res, 404, { error: 'Resource could not be found' });
    }
    const [status, payload] = await this.rest(method, url, account[2] ?? '/', raw, contentType);
    this.send(res, status, payload);
  }

  /** Chatwoot's REST API: the fake answers; writes of the worker become control events. */
  private async rest(
    method: string,
    url: URL,
    path: string,
    raw: Buffer,
    contentType: string,
  ): Promise<[number, unknown]> {
    if (method === 'POST' && path === '/contacts') return this.createContact(parseJson(raw));
    if (method === 'POST' && path === '/conversations') {
      return this.createConversation(parseJson(raw));
    }
    const write = /^\/conversations\/(\d+)\/(messages|labels|custom_attributes|assignments)$/.exec(
      path,
    );
    // Every request is recorded by the fake; a long-running stand-in keeps only recent ones.
    if (this.requests.length > 1000) this.requests.splice(0, this.requests.length - 1000);
    const conversationId = Number(write?.[1]);
    const before = this.conversations.get(conversationId);
    const labelsBefore = [...(before?.labels ?? [])];
    const attributesBefore = { ...(before?.custom_attributes ?? {}) };
    const forwarded = await this.forward(method, url, raw, contentType);
    const payload: unknown = forwarded.contentType.includes('json')
      ? JSON.parse(forwarded.data.toString('utf8'))
      : forwarded.data.toString('utf8');
    if (forwarded.status !== 200 || method === 'GET') return [forwarded.status, payload];
    const contact = /^\/contacts\/(\d+)$/.exec(path);
    if (contact && method === 'PUT') this.contactUpdated(Number(contact[1]), parseJson(raw));
    const conversation = this.conversations.get(conversationId);
    if (!write || !conversation) return [forwarded.status, payload];
    switch (write[2]) {
      case 'messages':
        return [
          200,
          await this.messageCreated(conversation, payload as FakeMessage, raw, contentType),
        ];
      case 'labels': {
        const added = conversation.labels.filter((label) => !labelsBefore.includes(label));
        const removed = labelsBefore.filter((label) => !conversation.labels.includes(label));
        if (added.length + removed.length > 0) {
          this.emit(conversationId, {
            type: 'labels',
            added,
            removed,
            labels: conversation.labels,
          });
        }
        break;
      }
      case 'custom_attributes': {
        const changed = Object.fromEntries(
          Object.entries(conversation.custom_attributes).filter(
            ([key, value]) => attributesBefore[key] !== value,
          ),
        );
        if (Object.keys(changed).length > 0) {
          this.emit(conversationId, { type: 'attributes', changed });
        }
        break;
      }
      case 'assignments':
        this.emit(conversationId, { type: 'assignment', team_id: conversation.team_id });
        break;
    }
    return [forwarded.status, payload];
  }

  private async forward(
    method: string,
    url: URL,
    raw: Buffer,
    contentType: string,
  ): Promise<{ status: number; contentType: string; data: Buffer }> {
    const response = await fetch(`${this.backend}${url.pathname}${url.search}`, {
      method,
      headers: {
        api_access_token: FAKE_CHATWOOT_TOKEN,
        ...(contentType ? { 'Content-Type': contentType } : {}),
      },
      body: method === 'GET' || method === 'HEAD' ? undefined : raw,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      data: Buffer.from(await response.arrayBuffer()),
    };
  }

  private send(res: ServerResponse, status: number, payload: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  }

  // --- Chatwoot objects -----------------------------------------------------------------------

  private addContact(name: string, phone: string | null, extra: Json = {}): ChatContact & Json {
    const contactInbox = phone
      ? { source_id: phone.replace('+', ''), inbox: { id: INBOX_ID } }
      : null;
    const contact = {
      email: null,
      identifier: null,
      custom_attributes: {},
      ...extra,
      id: this.ids.next(),
      name,
      phone_number: phone ?? '',
      contact_inboxes: contactInbox ? [contactInbox] : [],
    };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  private createContact(body: Json): [number, unknown] {
    const phone = typeof body.phone_number === 'string' ? body.phone_number : null;
    if (phone && [...this.contacts.values()].some((contact) => contact.phone_number === phone)) {
      return [422, { message: 'Phone number has already been taken' }];
    }
    const { name, phone_number: _phone, ...extra } = body;
    const contact = this.addContact(typeof name === 'string' ? name : '', phone, extra);
    return [
      200,
      { payload: { contact, contact_inbox: (contact.contact_inboxes as Json[])[0] ?? null } },
    ];
  }

  private openConversation(contact: Json): FakeConversation {
    const conversation = this.conversation(this.ids.next());
    conversation.meta.sender = {
      id: contact.id,
      name: contact.name,
      phone_number: contact.phone_number,
    };
    return conversation;
  }

  private createConversation(body: Json): [number, unknown] {
    const contact = this.contacts.get(Number(body.contact_id));
    if (!contact) return [404, { error: 'contact not found' }];
    const { messages: _messages, ...view } = this.openConversation(contact);
    return [200, view];
  }

  private storeFile(file: StoredFile, messageId: number): BotAttachment & Json {
    const safeName = file.name.replace(/[^\w.-]+/g, '_') || 'archivo';
    const path = `${BLOB_PATH}${randomBytes(18).toString('base64url')}/${safeName}`;
    const dataUrl = this.serveFile(path, file.data, file.contentType);
    return {
      ...this.attachmentTemplate,
      id: this.ids.next(),
      message_id: messageId,
      file_type: file.contentType.startsWith('image/') ? 'image' : 'file',
      account_id: this.options.accountId,
      extension: EXTENSIONS[file.contentType] ?? (extname(file.name).slice(1) || null),
      content_type: file.contentType,
      data_url: dataUrl,
      thumb_url: dataUrl,
      file_size: file.data.length,
      file_name: file.name,
    };
  }

  /** A message the worker posted: Chatwoot's id and attachments, a control event, a webhook. */
  private async messageCreated(
    conversation: FakeConversation,
    answer: FakeMessage,
    raw: Buffer,
    contentType: string,
  ): Promise<FakeMessage> {
    const message = conversation.messages.find((candidate) => candidate.id === answer.id);
    if (!message) return answer;
    message.id = this.ids.next();
    if (contentType.includes('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'Content-Type': contentType } }).formData();
      const files: StoredFile[] = [];
      for (const value of form.getAll('attachments[]')) {
        if (typeof value === 'string') continue;
        files.push({
          name: value.name || 'archivo',
          contentType: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
      message.attachments = files.map((file) => this.storeFile(file, message.id));
      // The caption as Chatwoot reads it: from the parsed form, whatever the client's encoding.
      const caption = form.get('content');
      if (typeof caption === 'string') message.content = caption;
    }
    this.emit(conversation.id, {
      type: 'message',
      message: {
        id: message.id,
        content: message.content,
        private: message.private,
        attachments: message.attachments as unknown as BotAttachment[],
      },
    });
    // Chatwoot announces every message to the account webhook; the api ignores outgoing ones.
    void this.postWebhook(this.messageCreatedEvent(conversation, message));
    return message;
  }

  private contactUpdated(contactId: number, body: Json): void {
    for (const conversation of this.conversations.values()) {
      if (conversation.meta.sender.id === contactId) {
        this.emit(conversation.id, { type: 'contact', changed: body });
      }
    }
  }

  // --- webhooks -------------------------------------------------------------------------------

  /** `message_created` as Chatwoot posts it (test/fixtures/chatwoot), for this message. */
  private messageCreatedEvent(
    conversation: FakeConversation,
    message: FakeMessage,
  ): MessageCreatedEvent {
    const sender = conversation.meta.sender;
    const event = incomingEvent({
      id: message.id,
      conversationId: conversation.id,
      content: message.content,
      phone: typeof sender.phone_number === 'string' ? sender.phone_number : null,
      name: typeof sender.name === 'string' ? sender.name : undefined,
      contactId: Number(sender.id),
      attributes: { ...conversation.custom_attributes },
    }) as MessageCreatedEvent;
    const createdAt = new Date(message.created_at * 1000).toISOString();
    const incoming = message.message_type === 0;
    event.created_at = createdAt;
    event.source_id = incoming ? `wamid.${randomBytes(16).toString('hex')}` : null;
    Object.assign(event.conversation, {
      status: conversation.status,
      labels: [...conversation.labels],
      last_activity_at: conversation.last_activity_at,
      timestamp: conversation.last_activity_at,
      updated_at: conversation.last_activity_at,
    });
    const nested = event.conversation.messages[0] ?? {};
    Object.assign(nested, {
      content: message.content,
      processed_message_content: message.content,
      conversation_id: conversation.id,
      created_at: message.created_at,
      updated_at: createdAt,
      source_id: event.source_id,
      attachments: message.attachments,
    });
    if (message.attachments.length > 0) event.attachments = message.attachments;
    if (!incoming) {
      event.message_type = 'outgoing';
      event.private = message.private;
      event.sender = BOT_SENDER;
      Object.assign(nested, {
        message_type: 1,
        private: message.private,
        sender_type: 'AgentBot',
        sender_id: BOT_SENDER.id,
        sender: BOT_SENDER,
      });
    }
    return event;
  }

  private async postWebhook(event: MessageCreatedEvent): Promise<WebhookOutcome> {
    const body = JSON.stringify(event);
    const secret = this.options.webhookSecret;
    try {
      const response = await fetch(this.options.webhookUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(secret ? signChatwootBody(secret, body) : {}),
        },
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      const answer = (await response.json().catch(() => ({}))) as Json;
      return {
        status: response.status,
        outcome: typeof answer.status === 'string' ? answer.status : null,
        error: response.ok
          ? null
          : `${response.status} ${typeof answer.message === 'string' ? answer.message : ''}`.trim(),
      };
    } catch (error) {
      return { status: null, outcome: null, error: failure(error) };
    }
  }

  // --- control API ----------------------------------------------------------------------------

  private async control(method: string, url: URL, raw: Buffer): Promise<[number, unknown]> {
    const path = url.pathname.slice(CONTROL_PREFIX.length);
    let body: Json;
    try {
      body = parseJson(raw);
    } catch {
      return [400, { error: 'body is not JSON' }];
    }
    if (method === 'GET' && path === '/health') return [200, await this.health()];
    if (method === 'POST' && path === '/conversations') return [200, this.startChat(body)];
    const match = /^\/conversations\/(\d+)\/(messages|custom_attributes|events)$/.exec(path);
    const conversation = this.conversations.get(Number(match?.[1]));
    if (!match || !conversation) return [404, { error: `no route or conversation: ${path}` }];
    if (method === 'POST' && match[2] === 'messages') {
      return this.customerMessage(conversation, body as unknown as SendRequest);
    }
    if (method === 'POST' && match[2] === 'custom_attributes') {
      // An agent editing the conversation in Chatwoot's UI (no webhook the api acts on).
      Object.assign(conversation.custom_attributes, body.custom_attributes);
      return [200, { custom_attributes: conversation.custom_attributes }];
    }
    if (method === 'GET' && match[2] === 'events') {
      const after = Number(url.searchParams.get('after') ?? 0);
      const waitMs = Math.min(Number(url.searchParams.get('wait_ms') ?? 0), MAX_LONG_POLL_MS);
      return [200, await this.eventsAfter(conversation.id, after, waitMs)];
    }
    return [405, { error: `${method} not allowed on ${path}` }];
  }

  private async health(): Promise<StandInHealth> {
    const probe = async (url: string | undefined): Promise<ServiceState | null> => {
      if (!url) return null;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
        return { url, up: true, detail: `HTTP ${response.status}` };
      } catch (error) {
        return { url, up: false, detail: failure(error) };
      }
    };
    const [api, worker] = await Promise.all([
      probe(this.options.health?.api),
      probe(this.options.health?.worker),
    ]);
    return { status: 'ok', api, worker };
  }

  /** A new WhatsApp customer (random Spanish mobile) and their conversation. */
  private startChat(body: Json): NewConversation {
    const name =
      typeof body.name === 'string' && body.name.trim() ? body.name.trim() : 'Cliente de prueba';
    const phone = `+3461${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const contact = this.addContact(name, phone);
    const conversation = this.openConversation(contact);
    return {
      conversation_id: conversation.id,
      contact: { id: contact.id, name: contact.name, phone_number: contact.phone_number },
    };
  }

  private async customerMessage(
    conversation: FakeConversation,
    request: SendRequest,
  ): Promise<[number, SendResult | Json]> {
    const upload: UploadedFile | undefined = request.attachment;
    const content = typeof request.content === 'string' ? request.content : null;
    if (!content && !upload) return [400, { error: 'content or attachment required' }];
    const sender = conversation.meta.sender;
    const message = this.addIncoming(
      conversation.id,
      content ?? '',
      {
        id: Number(sender.id),
        name: String(sender.name),
        phone_number: typeof sender.phone_number === 'string' ? sender.phone_number : null,
      },
      this.ids.next(),
    );
    message.content = content;
    if (upload) {
      const file: StoredFile = {
        name: upload.file_name,
        contentType: upload.content_type,
        data: Buffer.from(upload.data_base64, 'base64'),
      };
      message.attachments = [this.storeFile(file, message.id)];
    }
    const webhook = await this.postWebhook(this.messageCreatedEvent(conversation, message));
    return [200, { message_id: message.id, webhook }];
  }

  private emit(conversationId: number, event: DistributiveOmit<StandInEvent, 'seq' | 'at'>): void {
    const list = this.events.get(conversationId) ?? [];
    this.seq += 1;
    list.push({ ...event, seq: this.seq, at: new Date().toISOString() });
    if (list.length > MAX_EVENTS_PER_CONVERSATION) list.shift();
    this.events.set(conversationId, list);
    for (const wake of this.waiters) wake();
  }

  /** Events after `after`, waiting up to `waitMs` for one to happen (long poll). */
  private async eventsAfter(
    conversationId: number,
    after: number,
    waitMs: number,
  ): Promise<EventsPage> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const events = (this.events.get(conversationId) ?? []).filter((event) => event.seq > after);
      const remaining = deadline - Date.now();
      if (events.length > 0 || remaining <= 0 || this.stopped) {
        return { events, next: events.at(-1)?.seq ?? after };
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
