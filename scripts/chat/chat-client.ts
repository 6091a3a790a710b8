import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  CONTROL_PREFIX,
  EventsPage,
  NewConversation,
  SendRequest,
  SendResult,
  StandInEvent,
  StandInHealth,
} from './protocol';

/** The stand-in does not answer: nothing local is running (or a real Chatwoot is configured). */
export class StandInUnavailableError extends Error {
  public constructor(public readonly url: string) {
    super(
      `No hay ningún Chatwoot local en ${url}: arranca primero ./scripts/start.sh ` +
        '(solo lo arranca si .env no configura un Chatwoot real)',
    );
    this.name = 'StandInUnavailableError';
  }
}

export type ClientTipo = 'profesional' | 'particular';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.heic': 'image/heic',
  '.pdf': 'application/pdf',
};

const isAbort = (error: unknown): boolean =>
  (error as { name?: string } | null)?.name === 'AbortError';

/**
 * The customer's side of a conversation with the bot through the local Chatwoot stand-in: what
 * `npm run chat` drives (and the e2e test, without the terminal). One conversation at a time;
 * `poll` returns what the bot did since the previous call.
 */
export class ChatSession {
  public conversation: NewConversation | null = null;
  private cursor = 0;
  private polling: AbortController | null = null;

  public constructor(public readonly baseUrl: string) {}

  public health(): Promise<StandInHealth> {
    return this.call<StandInHealth>('GET', '/health');
  }

  /** A new WhatsApp customer writing for the first time. */
  public async newConversation(name?: string): Promise<NewConversation> {
    const created = await this.call<NewConversation>('POST', '/conversations', { name });
    this.polling?.abort();
    this.conversation = created;
    this.cursor = 0;
    return created;
  }

  public say(text: string): Promise<SendResult> {
    return this.send({ content: text });
  }

  /** One photo (a WhatsApp image message) from a local file. */
  public async sendPhoto(path: string, caption: string | null = null): Promise<SendResult> {
    const data = await readFile(path);
    return this.send({
      content: caption,
      attachment: {
        file_name: basename(path),
        content_type: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        data_base64: data.toString('base64'),
      },
    });
  }

  /** What an agent sets in Chatwoot: the conversation's `tipo` (client type) attribute. */
  public async setTipo(tipo: ClientTipo): Promise<void> {
    const value = tipo === 'profesional' ? 'Profesional' : 'Particular';
    await this.call('POST', `/conversations/${this.requireConversation()}/custom_attributes`, {
      custom_attributes: { tipo: value },
    });
  }

  /** Events since the last call, waiting up to `waitMs` for the first one. */
  public async poll(waitMs = 20_000): Promise<StandInEvent[]> {
    const conversationId = this.requireConversation();
    const controller = new AbortController();
    this.polling = controller;
    try {
      const page = await this.call<EventsPage>(
        'GET',
        `/conversations/${conversationId}/events?after=${this.cursor}&wait_ms=${waitMs}`,
        undefined,
        controller.signal,
      );
      // A conversation started meanwhile (/nuevo) owns the cursor now.
      if (this.conversation?.conversation_id !== conversationId) return [];
      this.cursor = page.next;
      return page.events;
    } catch (error) {
      if (isAbort(error)) return [];
      throw error;
    } finally {
      if (this.polling === controller) this.polling = null;
    }
  }

  /** Polls until an event matches (the events before it are consumed), or fails. */
  public async waitFor(
    predicate: (event: StandInEvent) => boolean,
    timeoutMs: number,
  ): Promise<StandInEvent> {
    const deadline = Date.now() + timeoutMs;
    for (let left = timeoutMs; left > 0; left = deadline - Date.now()) {
      const found = (await this.poll(Math.min(left, 5000))).find(predicate);
      if (found) return found;
    }
    throw new Error(`no matching event from the bot within ${timeoutMs} ms`);
  }

  /** Stops a poll in flight (it returns no events). */
  public close(): void {
    this.polling?.abort();
  }

  private send(request: SendRequest): Promise<SendResult> {
    return this.call<SendResult>(
      'POST',
      `/conversations/${this.requireConversation()}/messages`,
      request,
    );
  }

  private requireConversation(): number {
    if (!this.conversation) throw new Error('no conversation: call newConversation() first');
    return this.conversation.conversation_id;
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${CONTROL_PREFIX}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new StandInUnavailableError(this.baseUrl);
    }
    const payload = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
    if (!response.ok || payload === null) {
      throw new Error(`el Chatwoot local respondió ${response.status}: ${payload?.error ?? ''}`);
    }
    return payload;
  }
}

// --- terminal rendering ----------------------------------------------------------------------

export type Tone = 'bot' | 'dim' | 'event' | 'error';
export type Paint = (tone: Tone, text: string) => string;

export const plainPaint: Paint = (_tone, text) => text;

const ANSI: Record<Tone, [string, string]> = {
  bot: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  event: ['\x1b[36m', '\x1b[39m'],
  error: ['\x1b[31m', '\x1b[39m'],
};
export const ansiPaint: Paint = (tone, text) => `${ANSI[tone][0]}${text}${ANSI[tone][1]}`;

export const BOT_PREFIX = 'bot › ';
export const INDENT = ' '.repeat(BOT_PREFIX.length);

const indent = (text: string, first: string): string[] =>
  text.split('\n').map((line, index) => `${index === 0 ? first : INDENT}${line}`);

const describe = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** The lines that show one bot event in the terminal. */
export function renderEvent(event: StandInEvent, paint: Paint = plainPaint): string[] {
  switch (event.type) {
    case 'message': {
      const { message } = event;
      if (message.private) {
        return indent(`[nota privada] ${message.content ?? ''}`, INDENT).map((line) =>
          paint('dim', line),
        );
      }
      if (message.attachments.length === 0) {
        return indent(message.content ?? '', paint('bot', BOT_PREFIX));
      }
      return message.attachments.flatMap((attachment) => [
        ...indent(`📷 ${message.content ?? attachment.file_name}`, paint('bot', BOT_PREFIX)),
        `${INDENT}${paint('dim', attachment.data_url)}`,
      ]);
    }
    case 'labels': {
      const changes = [
        ...event.added.map((label) => `+${label}`),
        ...event.removed.map((label) => `−${label}`),
      ];
      return [paint('event', `${INDENT}· etiquetas ${changes.join(' ')}`)];
    }
    case 'attributes': {
      const bot = event.changed.atencion_automatica;
      if (typeof bot === 'boolean' && Object.keys(event.changed).length === 1) {
        const state = bot
          ? 'activada: contesta el bot'
          : 'desactivada: la conversación pasa a una persona';
        return [paint('event', `${INDENT}· atención automática ${state}`)];
      }
      const pairs = Object.entries(event.changed).map(
        ([key, value]) => `${key}=${describe(value)}`,
      );
      return [paint('event', `${INDENT}· atributos ${pairs.join(', ')}`)];
    }
    case 'assignment':
      return [paint('event', `${INDENT}· asignada al equipo ${event.team_id ?? '(ninguno)'}`)];
    case 'contact': {
      const pairs = Object.entries(event.changed)
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([key, value]) => `${key}=${describe(value)}`);
      return [paint('event', `${INDENT}· contacto actualizado: ${pairs.join(', ')}`)];
    }
  }
}

/** A line for a customer message the bot will not see, or null when it was delivered. */
export function deliveryProblem(result: SendResult): string | null {
  const { webhook } = result;
  if (webhook.outcome === 'received' || webhook.outcome === 'duplicate') return null;
  if (webhook.outcome === 'ignored_auto_attention_disabled') {
    return 'atención automática desactivada: el bot no contesta (en Chatwoot lo atendería una persona)';
  }
  if (webhook.status === null) {
    return `la api no responde (${webhook.error ?? 'sin respuesta'}): arranca primero ./scripts/start.sh`;
  }
  return `la api rechazó el webhook: ${webhook.error ?? webhook.outcome ?? String(webhook.status)}`;
}
