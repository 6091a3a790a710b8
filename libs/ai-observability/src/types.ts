/** One tool (engine operation) call of the assistant, as the driver reports it. */
export interface ToolCallLogEntry {
  conversationId: string;
  toolName: string;
  /** Stored truncated (strings ≤ 200 chars, bounded depth and size) and with personal data masked. */
  parameters: Record<string, unknown>;
  resultSummary: string;
  resultType: 'success' | 'error' | 'blocked';
  errorMessage?: string | null;
  executionTimeMs: number;
  /** Tool-loop iteration within the turn (0-based). */
  iteration: number;
  /** Who chose the call: the deterministic engine or the LLM. */
  source: 'engine' | 'llm';
  /** When the call happened; default now. */
  at?: Date;
}

/** One LLM request, successful or not. */
export interface LlmCallRecord {
  conversationId: string | null;
  /** e.g. `conversation`, `tool_calling`, `extraction`. */
  taskType: string;
  /** e.g. `openai`, `ollama`, `openrouter`. */
  provider: string;
  model: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  success: boolean;
  error?: string | null;
  /** The answer came from a fallback model/provider after the primary failed. */
  fallbackUsed: boolean;
  /** When the call happened; default now. */
  at?: Date;
}
