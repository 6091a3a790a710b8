import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { payloadOf } from '@app/domain';

/**
 * A local OpenAI-compatible chat-completions server (`POST …/chat/completions`, the real wire
 * format: `choices[0].message.tool_calls[].function.{name, arguments}` with the arguments as a
 * JSON string, `usage.{prompt_tokens, completion_tokens}`), started by a test or a bench.
 *
 * Requests offering `tools` are interpretation requests, the others phrasing requests. Each
 * kind answers from its script queue first (one entry per request, in order), else by
 * default: an interpretation repeats the prompt's `rule_based_reading` as its tool call (no
 * call when there is none) and a phrasing echoes the prompt's `engine_reply`. So with no
 * script the model agrees with the rule-based engine word for word.
 */
export type FakeLlmAnswer =
  | { tool: string; arguments: Record<string, unknown> | string }
  | { tools: { name: string; arguments: string }[] }
  | { text: string }
  | { status: number; retryAfterSeconds?: number; body?: string }
  | { garbage: string }
  /** The default answer (mirror or echo), e.g. after a `delayMs`. */
  | { mirror: true };

export type FakeLlmScript = FakeLlmAnswer & { delayMs?: number };

export type FakeLlmKind = 'interpret' | 'phrase';

export interface FakeLlmRequest {
  kind: FakeLlmKind;
  body: {
    model?: string;
    stream?: boolean;
    messages?: { role: string; content: string }[];
    tools?: { type: string; function: { name: string; parameters: unknown } }[];
  };
  /** The fenced JSON payload of the last user message. */
  payload: Record<string, unknown> | null;
  authorization: string | null;
  at: number;
}

export class FakeLlm {
  private server: Server | null = null;
  private readonly queues: Record<FakeLlmKind, FakeLlmScript[]> = { interpret: [], phrase: [] };
  public readonly requests: FakeLlmRequest[] = [];
  /** Added to every answer (benchmarks: a model that takes its time). */
  public latencyMs = 0;
  public url = '';
  /** Requests being answered now, and the most at once since the last reset. */
  public inFlight = 0;
  public maxInFlight = 0;

  public async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Benchmarks open hundreds of connections at once.
    this.server.maxConnections = 10_000;
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}/v1`;
    return this;
  }

  public async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Answers for the next interpretation requests, in order. */
  public onInterpret(...answers: FakeLlmScript[]): this {
    this.queues.interpret.push(...answers);
    return this;
  }

  /** Answers for the next phrasing requests, in order. */
  public onPhrase(...answers: FakeLlmScript[]): this {
    this.queues.phrase.push(...answers);
    return this;
  }

  public reset(): void {
    this.queues.interpret.length = 0;
    this.queues.phrase.length = 0;
    this.requests.length = 0;
    this.latencyMs = 0;
    this.maxInFlight = this.inFlight;
  }

  public requestsOf(kind: FakeLlmKind): FakeLlmRequest[] {
    return this.requests.filter((request) => request.kind === kind);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url ?? '')) {
      return this.send(res, 404, JSON.stringify({ error: { message: 'not found' } }));
    }
    let body: FakeLlmRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeLlmRequest['body'];
    } catch {
      return this.send(res, 400, JSON.stringify({ error: { message: 'invalid JSON body' } }));
    }
    const kind: FakeLlmKind = body.tools && body.tools.length > 0 ? 'interpret' : 'phrase';
    const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
    const request: FakeLlmRequest = {
      kind,
      body,
      payload: lastUser ? payloadOf(lastUser.content) : null,
      authorization: req.headers.authorization ?? null,
      at: Date.now(),
    };
    this.requests.push(request);
    const script = this.queues[kind].shift() ?? { mirror: true };
    const delay = this.latencyMs + (script.delayMs ?? 0);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed) return;
      this.answer(res, request, script);
    } finally {
      this.inFlight -= 1;
    }
  }

  private answer(res: ServerResponse, request: FakeLlmRequest, script: FakeLlmScript): void {
    if ('status' in script) {
      const headers: Record<string, string> = {};
      if (script.retryAfterSeconds !== undefined) {
        headers['Retry-After'] = String(script.retryAfterSeconds);
      }
      return this.send(
        res,
        script.status,
        script.body ?? JSON.stringify({ error: { message: `status ${script.status}` } }),
        headers,
      );
    }
    if ('garbage' in script) return this.send(res, 200, script.garbage);
    let message: Record<string, unknown>;
    if ('text' in script) message = { role: 'assistant', content: script.text };
    else if ('tool' in script) {
      message = toolMessage([
        {
          name: script.tool,
          arguments:
            typeof script.arguments === 'string'
              ? script.arguments
              : JSON.stringify(script.arguments),
        },
      ]);
    } else if ('tools' in script) message = toolMessage(script.tools);
    else message = this.mirror(request);
    const promptTokens = Math.ceil(JSON.stringify(request.body.messages ?? []).length / 4);
    const completionTokens = Math.ceil(JSON.stringify(message).length / 4);
    this.send(
      res,
      200,
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.body.model ?? 'fake-model',
        choices: [
          {
            index: 0,
            message,
            finish_reason: Array.isArray(message.tool_calls) ? 'tool_calls' : 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      }),
    );
  }

  /** Interpretation: the prompt's rule-based reading; phrasing: the engine's reply as is. */
  private mirror(request: FakeLlmRequest): Record<string, unknown> {
    const payload = request.payload ?? {};
    if (request.kind === 'phrase') {
      const reply = typeof payload.engine_reply === 'string' ? payload.engine_reply : '';
      return { role: 'assistant', content: reply };
    }
    const reading = payload.rule_based_reading as
      { name: string; arguments: Record<string, unknown> } | null | undefined;
    if (!reading) return { role: 'assistant', content: 'ninguna' };
    return toolMessage([{ name: reading.name, arguments: JSON.stringify(reading.arguments) }]);
  }

  private send(
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body);
  }
}

let callIds = 0;
const toolMessage = (calls: { name: string; arguments: string }[]): Record<string, unknown> => ({
  role: 'assistant',
  content: null,
  tool_calls: calls.map((call) => ({
    id: `call_${(callIds += 1)}`,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  })),
});
