import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

const DIMENSIONS = 256;

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** A deterministic "embedding": hashed 5-letter word stems, so shared words mean similarity. */
export function hashedEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of fold(text).match(/[a-z0-9]{3,}/g) ?? []) {
    let hash = 2166136261;
    for (const char of word.slice(0, 5)) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    vector[Math.abs(hash) % DIMENSIONS] += 1;
  }
  return vector;
}

export interface RecordedCall {
  path: string;
  body: { model?: string; input?: string[]; messages?: { role: string; content: string }[] };
  authorization: string | null;
}

/**
 * A local OpenAI-compatible server for the RAG: `POST /v1/embeddings` (real response shape:
 * `data[].{index, embedding}`) and `POST /v1/chat/completions` (`choices[0].message.content`).
 * The chat answer is `chatAnswer` (a function of the prompt), or a status when `chatStatus` set.
 */
export class FakeRagEndpoints {
  private server: Server | null = null;
  public url = '';
  public readonly calls: RecordedCall[] = [];
  public chatStatus: number | null = null;
  public chatAnswer: (prompt: string) => string = () => 'Respuesta del modelo [R48, punto 6.2.1]';

  public async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedCall['body'];
    const path = req.url ?? '';
    this.calls.push({ path, body, authorization: req.headers.authorization ?? null });
    res.setHeader('Content-Type', 'application/json');
    if (path === '/v1/embeddings') {
      res.end(
        JSON.stringify({
          object: 'list',
          model: body.model,
          data: (body.input ?? []).map((text, index) => ({
            object: 'embedding',
            index,
            embedding: hashedEmbedding(text),
          })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
      return;
    }
    if (path === '/v1/chat/completions') {
      if (this.chatStatus) {
        res.statusCode = this.chatStatus;
        res.end(JSON.stringify({ error: { message: 'unavailable' } }));
        return;
      }
      const prompt = (body.messages ?? []).map((message) => message.content).join('\n');
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          model: body.model,
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: this.chatAnswer(prompt) },
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  }
}
