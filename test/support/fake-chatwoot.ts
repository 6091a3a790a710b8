/**
 * A real local HTTP server that speaks the part of Chatwoot's REST API we call (spec §10). It
 * keeps per-conversation state (custom attributes, labels, messages), records every request and
 * can be told to fail the next calls, so tests observe our side effects from the outside.
 *
 *   const chatwoot = await startFakeChatwoot();
 *   ... CHATWOOT_API_URL: chatwoot.url ...
 *   await waitFor(async () => chatwoot.conversation('42').attributes.atencion_automatica === true);
 *   await chatwoot.close();
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface FakeMessage {
  id: number;
  content: string | null;
  message_type: number;
  private: boolean;
  created_at: number;
  conversation_id: number;
}

export interface FakeConversation {
  id: number;
  labels: string[];
  attributes: Record<string, unknown>;
  messages: FakeMessage[];
}

export interface FakeChatwoot {
  url: string;
  requests: RecordedRequest[];
  conversation(id: string | number): FakeConversation;
  /** Outgoing public messages (what the customer sees), in order. */
  customerMessages(id: string | number): string[];
  privateNotes(id: string | number): string[];
  /** The next `count` requests matching `pattern` answer `status`. */
  failNext(pattern: RegExp, count: number, status?: number): void;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export async function startFakeChatwoot(): Promise<FakeChatwoot> {
  const conversations = new Map<number, FakeConversation>();
  const requests: RecordedRequest[] = [];
  const failures: { pattern: RegExp; remaining: number; status: number }[] = [];
  let nextMessageId = 10_000;

  const conversation = (id: string | number): FakeConversation => {
    const key = Number(id);
    let found = conversations.get(key);
    if (!found) {
      found = { id: key, labels: [], attributes: {}, messages: [] };
      conversations.set(key, found);
    }
    return found;
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, body, headers: req.headers, at: Date.now() });

    const failure = failures.find(
      (item) => item.remaining > 0 && item.pattern.test(`${method} ${url.pathname}`),
    );
    if (failure) {
      failure.remaining -= 1;
      return send(res, failure.status, { error: 'scripted failure' });
    }

    const match = /^\/api\/v1\/accounts\/\d+\/conversations(?:\/(\d+)(?:\/([a-z_]+))?)?$/.exec(
      url.pathname,
    );
    if (!match) return send(res, 404, { error: 'not found' });
    const [, id, action] = match;
    if (!id) return send(res, 200, { data: { payload: [] } });
    const state = conversation(id);
    const input = (body ?? {}) as Record<string, unknown>;

    if (!action && method === 'GET') {
      return send(res, 200, {
        id: state.id,
        labels: state.labels,
        custom_attributes: state.attributes,
        status: 'open',
      });
    }
    if (action === 'labels' && method === 'POST') {
      state.labels = Array.isArray(input.labels) ? input.labels.map(String) : [];
      return send(res, 200, { payload: state.labels });
    }
    if (action === 'custom_attributes' && method === 'POST') {
      Object.assign(state.attributes, input.custom_attributes ?? {});
      return send(res, 200, { custom_attributes: state.attributes });
    }
    if (action === 'messages' && method === 'POST') {
      const message: FakeMessage = {
        id: (nextMessageId += 1),
        content: typeof input.content === 'string' ? input.content : null,
        message_type: 1,
        private: input.private === true || input.private === 'true',
        created_at: Math.floor(Date.now() / 1000),
        conversation_id: state.id,
      };
      state.messages.push(message);
      return send(res, 200, message);
    }
    if (action === 'messages' && method === 'GET') {
      return send(res, 200, { payload: state.messages.slice(-20) });
    }
    if (action === 'assignments' && method === 'POST') return send(res, 200, {});
    return send(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    conversation,
    customerMessages: (id) =>
      conversation(id)
        .messages.filter((message) => !message.private)
        .map((message) => message.content ?? ''),
    privateNotes: (id) =>
      conversation(id)
        .messages.filter((message) => message.private)
        .map((message) => message.content ?? ''),
    failNext: (pattern, count, status = 500) => {
      failures.push({ pattern, remaining: count, status });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
