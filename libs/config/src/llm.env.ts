import { IsOptional, IsString, MaxLength } from 'class-validator';
import { EnvClass, IsConnectionUrl } from './validate-env';

/** The variables WithLlmConnection adds. */
export interface LlmConnectionVariables {
  LLM_BASE_URL?: string;
  LLM_API_KEY?: string;
  LLM_MODEL: string;
}

/**
 * The optional OpenAI-compatible chat-completions endpoint both processes may use (the worker
 * for the customer agent, the api for grounded RAG answers): one definition, so both validate
 * it the same way. Unset `LLM_BASE_URL` = no language model. Used as
 * `class XEnv extends WithLlmConnection(Base)`.
 */
export function WithLlmConnection<T extends EnvClass>(
  Base: T,
): T & EnvClass<LlmConnectionVariables> {
  class LlmConnectionEnv extends Base {
    /** e.g. https://api.openai.com/v1 */
    @IsOptional()
    @IsConnectionUrl(['http', 'https'])
    LLM_BASE_URL?: string;

    @IsOptional()
    @IsString()
    LLM_API_KEY?: string;

    @IsString()
    @MaxLength(200)
    LLM_MODEL: string = 'gpt-4o-mini';
  }
  return LlmConnectionEnv;
}

export interface LlmConnection {
  /** Without trailing slashes: paths are appended to it. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
}

/** The endpoint when one is configured, else null. */
export function llmConnection(env: LlmConnectionVariables): LlmConnection | null {
  if (!env.LLM_BASE_URL) return null;
  return {
    baseUrl: env.LLM_BASE_URL.replace(/\/+$/, ''),
    apiKey: env.LLM_API_KEY || null,
    model: env.LLM_MODEL,
  };
}
