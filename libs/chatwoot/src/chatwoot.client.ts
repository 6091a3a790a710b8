import { Inject, Injectable, Logger } from '@nestjs/common';
import { FormData, request } from 'undici';
import { currentTraceparent, inSpan, SpanKind } from '@app/observability';
import { ChatwootApiError, isRetryableStatus } from './chatwoot.errors';
import {
  CHATWOOT_OPTIONS,
  ChatwootClientOptions,
  ChatwootContact,
  ChatwootConversation,
  ChatwootMessage,
  OutgoingFile,
} from './chatwoot.types';

type Method = 'GET' | 'POST' | 'PUT';

interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  /**
   * Whether the call may be repeated safely. Creating a message is not: after a timeout we cannot
   * know whether Chatwoot stored it, so the delivery stream retries it with a check instead.
   */
  idempotent: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Connection failures that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** The system error code of a failed request (undici sets it on the error, fetch on its cause). */
const causeCode = (error: unknown): string | undefined => {
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = failure?.code ?? failure?.cause?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * REST client for every Chatwoot call we make (listed in docs/behaviour-contract.md; header
 * `api_access_token`). Timeouts on every request; idempotent calls retry with exponential
 * backoff and jitter; failures throw `ChatwootApiError`. Label changes read the current labels and write the full set, because
 * POST /labels replaces the set: labels set by staff are always kept.
 */
@Injectable()
export class ChatwootClient {
  private readonly logger = new Logger(ChatwootClient.name);
  private readonly base: string;

  public constructor(@Inject(CHATWOOT_OPTIONS) private readonly options: ChatwootClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  public get accountId(): number {
    return this.options.accountId;
  }

  /** Link to a conversation in the Chatwoot UI. */
  public conversationUrl(conversationId: string | number): string {
    return `${this.base}/app/accounts/${this.options.accountId}/conversations/${conversationId}`;
  }

  // --- contacts -------------------------------------------------------------------------

  public async searchContacts(query: string): Promise<ChatwootContact[]> {
    const body = await this.request<{ payload?: ChatwootContact[] }>('GET', '/contacts/search', {
      query: { q: query },
      idempotent: true,
    });
    return body.payload ?? [];
  }

  /** The contact whose phone is exactly this E.164 number, if any. */
  public async findContactByPhone(phone: string): Promise<ChatwootContact | null> {
    const contacts = await this.searchContacts(phone);
    return contacts.find((contact) => contact.phone_number === phone) ?? null;
  }

  public async createContact(input: {
    phone_number: string | null;
    name?: string | null;
    email?: string | null;
    custom_attributes?: Record<string, unknown>;
  }): Promise<ChatwootContact> {
    const body = await this.request<{ payload?: { contact?: ChatwootContact } & ChatwootContact }>(
      'POST',
      '/contacts',
      {
        json: { inbox_id: this.requireInbox(), ...input },
        // Chatwoot rejects a second contact with the same phone (422), so a repeat cannot double it.
        idempotent: true,
      },
    );
    const contact = body.payload?.contact ?? body.payload;
    if (!contact?.id) throw this.unexpected('POST', '/contacts', 'no contact in the answer');
    return contact;
  }

  public async getContact(contactId: number): Promise<ChatwootContact> {
    const body = await this.request<{ payload?: ChatwootContact }>(
      'GET',
      `/contacts/${contactId}`,
      {
        idempotent: true,
      },
    );
    if (!body.payload) throw this.unexpected('GET', `/contacts/${contactId}`, 'no contact');
    return body.payload;
  }

  public async updateContact(
    contactId: number,
    input: {
      name?: string | null;
      email?: string | null;
      custom_attributes?: Record<string, unknown>;
    },
  ): Promise<void> {
    await this.request('PUT', `/contacts/${contactId}`, { json: input, idempotent: true });
  }

  // --- conversations ----------------------------------------------------------------------

  /** Opens a conversation with a contact on our inbox (sending without a conversation id). */
  public async createConversation(contactId: number): Promise<ChatwootConversation> {
    const contact = await this.getContact(contactId);
    const inboxId = this.requireInbox();
    const contactInbox =
      contact.contact_inboxes?.find((item) => item.inbox?.id === inboxId) ??
      contact.contact_inboxes?.[0];
    if (!contactInbox) {
      throw this.unexpected('GET', `/contacts/${contactId}`, 'contact has no inbox source id');
    }
    return this.request<ChatwootConversation>('POST', '/conversations', {
      json: {
        source_id: contactInbox.source_id,
        inbox_id: inboxId,
        contact_id: contactId,
        status: 'open',
      },
      idempotent: false,
    });
  }

  public async getConversation(conversationId: string | number): Promise<ChatwootConversation> {
    return this.request<ChatwootConversation>('GET', `/conversations/${conversationId}`, {
      idempotent: true,
    });
  }

  /** One page of conversations, most recent activity first. */
  public async listConversations(params: {
    status?: 'open' | 'pending' | 'resolved' | 'snoozed' | 'all';
    inboxId?: number | null;
    page?: number;
  }): Promise<ChatwootConversation[]> {
    const body = await this.request<{ data?: { payload?: ChatwootConversation[] } }>(
      'GET',
      '/conversations',
      {
        query: {
          status: params.status ?? 'open',
          inbox_id: params.inboxId ?? undefined,
          page: params.page ?? 1,
          sort_by: 'last_activity_at_desc',
        },
        idempotent: true,
      },
    );
    return body.data?.payload ?? [];
  }

  public async setCustomAttributes(
    conversationId: string | number,
    attributes: Record<string, unknown>,
  ): Promise<void> {
    await this.request('POST', `/conversations/${conversationId}/custom_attributes`, {
      json: { custom_attributes: attributes },
      idempotent: true,
    });
  }

  public async assignTeam(conversationId: string | number, teamId: number): Promise<void> {
    await this.request('POST', `/conversations/${conversationId}/assignments`, {
      json: { team_id: teamId },
      idempotent: true,
    });
  }

  // --- labels -----------------------------------------------------------------------------

  public async getLabels(conversationId: string | number): Promise<string[]> {
    const conversation = await this.getConversation(conversationId);
    return Array.isArray(conversation.labels) ? conversation.labels.map(String) : [];
  }

  /** Replaces the label set (Chatwoot semantics of POST /labels). */
  public async setLabels(conversationId: string | number, labels: string[]): Promise<void> {
    await this.request('POST', `/conversations/${conversationId}/labels`, {
      json: { labels },
      idempotent: true,
    });
  }

  /** Adds labels and keeps the others. */
  public async addLabels(conversationId: string | number, labels: string[]): Promise<string[]> {
    const current = await this.getLabels(conversationId);
    const next = [...new Set([...current, ...labels])];
    if (next.length !== current.length) await this.setLabels(conversationId, next);
    return next;
  }

  /** Removes labels and keeps the others. */
  public async removeLabels(conversationId: string | number, labels: string[]): Promise<string[]> {
    const current = await this.getLabels(conversationId);
    const next = current.filter((label) => !labels.includes(label));
    if (next.length !== current.length) await this.setLabels(conversationId, next);
    return next;
  }

  // --- messages ---------------------------------------------------------------------------

  /** A public reply (`private: false`) or a private note (`private: true`). Not retried here. */
  public async sendMessage(
    conversationId: string | number,
    content: string,
    options: { private?: boolean } = {},
  ): Promise<ChatwootMessage> {
    return this.request<ChatwootMessage>('POST', `/conversations/${conversationId}/messages`, {
      json: { content, message_type: 'outgoing', private: options.private ?? false },
      idempotent: false,
    });
  }

  /** An image (or any file) as a multipart attachment with a caption. Not retried here. */
  public async sendAttachment(
    conversationId: string | number,
    file: OutgoingFile,
    caption: string | null,
  ): Promise<ChatwootMessage> {
    const form = new FormData();
    form.append('attachments[]', new Blob([file.data], { type: file.contentType }), file.filename);
    form.append('content', caption ?? '');
    form.append('message_type', 'outgoing');
    form.append('private', 'false');
    return this.request<ChatwootMessage>('POST', `/conversations/${conversationId}/messages`, {
      form,
      idempotent: false,
    });
  }

  /**
   * Messages of a conversation, newest page first (Chatwoot answers about 20 per call); pass
   * `before` (a message id) for the previous page.
   */
  public async listMessages(
    conversationId: string | number,
    params: { before?: number } = {},
  ): Promise<ChatwootMessage[]> {
    const body = await this.request<{ payload?: ChatwootMessage[] }>(
      'GET',
      `/conversations/${conversationId}/messages`,
      { query: { before: params.before }, idempotent: true },
    );
    return body.payload ?? [];
  }

  // --- transport --------------------------------------------------------------------------

  private requireInbox(): number {
    if (this.options.inboxId === null) {
      throw new ChatwootApiError(
        'CHATWOOT_INBOX_ID is not configured',
        null,
        false,
        'POST',
        '',
        false,
      );
    }
    return this.options.inboxId;
  }

  private unexpected(method: Method, path: string, detail: string): ChatwootApiError {
    return new ChatwootApiError(
      `Chatwoot ${method} ${path}: ${detail}`,
      null,
      false,
      method,
      path,
      true,
    );
  }

  private async request<T = unknown>(
    method: Method,
    path: string,
    options: RequestOptions,
  ): Promise<T> {
    // A write that may double is tried once more only when the first try provably never left.
    const attempts = options.idempotent ? Math.max(1, this.options.maxAttempts) : 2;
    let lastError: ChatwootApiError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        return await inSpan(`chatwoot ${method}`, () => this.once<T>(method, path, options), {
          kind: SpanKind.CLIENT,
          attributes: { 'http.request.method': method, 'chatwoot.attempt': attempt },
        });
      } catch (error) {
        if (!(error instanceof ChatwootApiError)) throw error;
        lastError = error;
        const canRetry = error.retryable && (options.idempotent || !error.maybeDelivered);
        if (!canRetry || attempt >= attempts) throw error;
        const backoff = Math.min(
          this.options.retryMaxMs,
          this.options.retryBaseMs * 2 ** (attempt - 1),
        );
        this.logger.warn(`${error.message}; retry ${attempt} in ${backoff} ms`);
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
    throw lastError ?? this.unexpected(method, path, 'no attempt made');
  }

  private async once<T>(method: Method, path: string, options: RequestOptions): Promise<T> {
    const url = new URL(`${this.base}/api/v1/accounts/${this.options.accountId}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      api_access_token: this.options.apiToken,
      Accept: 'application/json',
    };
    // Chatwoot (or a proxy before it) can correlate our calls with the customer message.
    const traceparent = currentTraceparent();
    if (traceparent) headers.traceparent = traceparent;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    // undici's `request` rather than `fetch`: the same pooled keep-alive client without the
    // WHATWG stream layers, about a quarter of fetch's CPU per call. Redirects are not followed.
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text().catch(() => '');
    } catch (error) {
      const code = causeCode(error);
      const timedOut = (error as { name?: string } | null)?.name === 'TimeoutError';
      throw new ChatwootApiError(
        `Chatwoot ${method} ${path} failed: ${timedOut ? `timeout after ${this.options.timeoutMs} ms` : (code ?? (error as Error).message)}`,
        null,
        true,
        method,
        path,
        !(code && NOT_SENT_CODES.has(code)),
      );
    }
    if (status < 200 || status > 299) {
      throw new ChatwootApiError(
        `Chatwoot ${method} ${path} answered ${status}`,
        status,
        isRetryableStatus(status),
        method,
        path,
        status >= 500 || status === 408,
      );
    }
    if (!text) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw this.unexpected(method, path, 'answer is not JSON');
    }
  }
}
