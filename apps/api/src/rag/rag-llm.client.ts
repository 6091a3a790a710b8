import { Injectable } from '@nestjs/common';
import { ChatMessage } from '@app/domain';
import { ApiConfig } from '../config/api.config';

export interface LlmAnswer {
  text: string;
  model: string;
}

/**
 * One OpenAI-compatible chat-completions call for grounded RAG answers (LLM_BASE_URL,
 * LLM_API_KEY, LLM_MODEL). Returns null when no LLM is configured; throws on failure so the
 * caller can fall back to the extractive answer.
 */
@Injectable()
export class RagLlmClient {
  public constructor(private readonly config: ApiConfig) {}

  public get model(): string | null {
    return this.config.rag.llm?.model ?? null;
  }

  public async complete(messages: ChatMessage[]): Promise<LlmAnswer | null> {
    const llm = this.config.rag.llm;
    if (!llm) return null;
    const response = await fetch(`${llm.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(llm.apiKey ? { Authorization: `Bearer ${llm.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: llm.model, messages, temperature: 0.1, max_tokens: 800 }),
      signal: AbortSignal.timeout(llm.timeoutMs),
    });
    if (!response.ok) throw new Error(`LLM answered ${response.status}`);
    const body = (await response.json()) as {
      model?: string;
      choices?: { message?: { content?: unknown } }[];
    };
    const text = body.choices?.[0]?.message?.content;
    if (typeof text !== 'string' || text.trim() === '') throw new Error('LLM answer is empty');
    return { text: text.trim(), model: typeof body.model === 'string' ? body.model : llm.model };
  }
}
