import { Injectable } from '@nestjs/common';
import { request as httpRequest } from 'undici';
import { LlmCallRecord } from '@app/ai-observability';
import { LlmChatMessage, ToolDefinition } from '@app/domain';
import { LlmSettings, WorkerConfig } from '../../config/worker.config';

export interface LlmToolCall {
  name: string;
  /** The raw JSON string the model sent. */
  arguments: string;
}

export interface LlmAnswer {
  content: string | null;
  toolCalls: LlmToolCall[];
  model: string;
}

export interface LlmRequest {
  messages: LlmChatMessage[];
  tools?: readonly ToolDefinition[];
  taskType: string;
  conversationId: string | null;
  /** Epoch ms after which nothing more is attempted. */
  deadline: number;
  /** Every HTTP attempt is appended here (recorded after the turn commits). */
  records: LlmCallRecord[];
}

export class LlmError extends Error {
  public constructor(
    public readonly kind:
      'disabled' | 'budget' | 'timeout' | 'rate_limited' | 'server' | 'bad_response',
    message: string,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

/** Below this, a request cannot usefully start. */
const MIN_REQUEST_MS = 50;
const RETRY_PAUSE_MS = 150;

const providerOf = (baseUrl: string): string => {
  const url = new URL(baseUrl);
  if (url.hostname.endsWith('openrouter.ai')) return 'openrouter';
  if (url.hostname.endsWith('openai.com')) return 'openai';
  if (url.port === '11434') return 'ollama';
  return 'openai-compatible';
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** `Retry-After` in seconds or as an HTTP date → ms (null when absent or unreadable). */
const retryAfterMs = (header: string | null): number | null => {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
};

/** The first choice of an OpenAI chat-completions body, or why it cannot be used. */
const readAnswer = (
  body: unknown,
): { answer: Omit<LlmAnswer, 'model'>; usage: { input: number; output: number } } | string => {
  if (!isRecord(body) || !Array.isArray(body.choices)) return 'no choices in the response';
  const choice: unknown = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) return 'no message in the first choice';
  const message = choice.message;
  const content = typeof message.content === 'string' ? message.content : null;
  const toolCalls: LlmToolCall[] = [];
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) return 'tool_calls is not a list';
    for (const call of message.tool_calls) {
      const fn: unknown = isRecord(call) ? call.function : null;
      if (!isRecord(fn) || typeof fn.name !== 'string') return 'malformed tool call';
      const args = fn.arguments;
      toolCalls.push({
        name: fn.name,
        arguments: typeof args === 'string' ? args : args === undefined ? '' : JSON.stringify(args),
      });
    }
  }
  const usage = isRecord(body.usage) ? body.usage : {};
  const count = (value: unknown): number =>
    typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return {
    answer: { content, toolCalls },
    usage: { input: count(usage.prompt_tokens), output: count(usage.completion_tokens) },
  };
};

/**
 * An OpenAI-compatible chat-completions client (OpenAI, OpenRouter, Ollama, vLLM…): one
 * non-streaming POST per attempt with a per-request timeout, retries after timeouts, 429
 * (honouring Retry-After) and 5xx, then the fallback model, all within the caller's deadline.
 */
@Injectable()
export class LlmClient {
  private readonly settings: LlmSettings | null;
  public readonly provider: string;

  public constructor(config: WorkerConfig) {
    this.settings = config.llm;
    this.provider = this.settings ? providerOf(this.settings.baseUrl) : 'none';
  }

  public get enabled(): boolean {
    return this.settings !== null;
  }

  public get turnBudgetMs(): number {
    return this.settings?.turnBudgetMs ?? 0;
  }

  public get speculativePhrasing(): boolean {
    return this.settings?.speculativePhrasing ?? false;
  }

  public async chat(request: LlmRequest): Promise<LlmAnswer> {
    const settings = this.settings;
    if (!settings) throw new LlmError('disabled', 'no language model configured');
    const models = [settings.model, ...(settings.fallbackModel ? [settings.fallbackModel] : [])];
    let last: LlmError | null = null;
    for (const [index, model] of models.entries()) {
      for (let attempt = 0; attempt <= settings.retries; attempt += 1) {
        const remaining = request.deadline - Date.now();
        if (remaining < MIN_REQUEST_MS) {
          throw new LlmError('budget', last?.message ?? 'turn budget exhausted');
        }
        try {
          return await this.attempt(settings, model, index > 0, request, remaining);
        } catch (error) {
          last = error instanceof LlmError ? error : new LlmError('server', String(error));
          if (last.kind === 'bad_response') break; // the same model would answer the same way
          const wait =
            last instanceof RateLimited ? (last.retryAfterMs ?? RETRY_PAUSE_MS) : RETRY_PAUSE_MS;
          if (Date.now() + wait + MIN_REQUEST_MS > request.deadline) break;
          if (attempt < settings.retries) await sleep(wait);
        }
      }
    }
    throw last ?? new LlmError('budget', 'turn budget exhausted');
  }

  private async attempt(
    settings: LlmSettings,
    model: string,
    fallbackUsed: boolean,
    request: LlmRequest,
    remainingMs: number,
  ): Promise<LlmAnswer> {
    const started = Date.now();
    const record = (
      success: boolean,
      error: string | null,
      usage = { input: 0, output: 0 },
    ): void => {
      request.records.push({
        conversationId: request.conversationId,
        taskType: request.taskType,
        provider: this.provider,
        model,
        latencyMs: Date.now() - started,
        inputTokens: usage.input,
        outputTokens: usage.output,
        success,
        error,
        fallbackUsed,
        at: new Date(started),
      });
    };
    const body = {
      model,
      messages: request.messages,
      temperature: settings.temperature,
      max_tokens: settings.maxTokens,
      stream: false,
      ...(request.tools && request.tools.length > 0
        ? { tools: request.tools, tool_choice: 'auto', parallel_tool_calls: false }
        : {}),
    };
    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      // undici's `request`, not `fetch`: the same keep-alive pool at a quarter of the CPU.
      const response = await httpRequest(`${settings.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(settings.apiKey ? { Authorization: `Bearer ${settings.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.min(settings.timeoutMs, remainingMs)),
      });
      status = response.statusCode;
      const header = response.headers['retry-after'];
      retryAfter = (Array.isArray(header) ? header[0] : header) ?? null;
      text = await response.body.text();
    } catch (error) {
      // An abort rejects with a DOMException (not always an `Error` instance across realms).
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const failure = timedOut
        ? new LlmError(
            'timeout',
            `no answer within ${Math.min(settings.timeoutMs, remainingMs)} ms`,
          )
        : new LlmError(
            'server',
            `request failed: ${error instanceof Error ? error.message : String(error)}`,
          );
      record(false, failure.message);
      throw failure;
    }
    if (status === 429) {
      const failure = new RateLimited(retryAfterMs(retryAfter));
      record(false, failure.message);
      throw failure;
    }
    if (status < 200 || status > 299) {
      const failure = new LlmError(
        status >= 500 ? 'server' : 'bad_response',
        `HTTP ${status}: ${text.slice(0, 200)}`,
      );
      record(false, failure.message);
      throw failure;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const failure = new LlmError('bad_response', `response is not JSON: ${text.slice(0, 100)}`);
      record(false, failure.message);
      throw failure;
    }
    const read = readAnswer(parsed);
    if (typeof read === 'string') {
      record(false, read);
      throw new LlmError('bad_response', read);
    }
    record(true, null, read.usage);
    const answered = isRecord(parsed) && typeof parsed.model === 'string' ? parsed.model : model;
    return { ...read.answer, model: answered };
  }
}

class RateLimited extends LlmError {
  public constructor(public readonly retryAfterMs: number | null) {
    super(
      'rate_limited',
      `HTTP 429${retryAfterMs !== null ? ` (retry after ${retryAfterMs} ms)` : ''}`,
    );
  }
}
