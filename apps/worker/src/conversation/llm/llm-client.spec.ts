import { LlmCallRecord } from '@app/ai-observability';
import { FakeLlm } from '../../../../../test/support/fake-llm';
import { loadWorkerConfig } from '../../config/worker.config';
import { LlmClient, LlmError } from './llm-client';

/** The client against a real local HTTP server speaking the OpenAI wire format. */
describe('LlmClient', () => {
  let llm: FakeLlm;
  // Generous per-request timeout so a slow first request on a busy CI machine is not taken for a
  // timeout; the timeout test sets its own short one.
  const client = (extra: Record<string, string> = {}): LlmClient =>
    new LlmClient(
      loadWorkerConfig({
        LLM_BASE_URL: llm.url,
        LLM_MODEL: 'main',
        LLM_FALLBACK_MODEL: 'backup',
        LLM_TIMEOUT_MS: '5000',
        LLM_RETRIES: '1',
        ...extra,
      }),
    );
  const ask = (target: LlmClient, records: LlmCallRecord[], budgetMs = 3000) =>
    target.chat({
      messages: [{ role: 'user', content: 'hola' }],
      tools: [
        {
          type: 'function',
          function: { name: 'hand_over', description: 'x', parameters: { type: 'object' } },
        },
      ],
      taskType: 'tool_calling',
      conversationId: 'c1',
      deadline: Date.now() + budgetMs,
      records,
    });

  beforeAll(async () => {
    llm = await new FakeLlm().start();
  });
  afterAll(() => llm.stop());
  beforeEach(() => llm.reset());

  it('is off without LLM_BASE_URL', () => {
    expect(new LlmClient(loadWorkerConfig({})).enabled).toBe(false);
  });

  it('reads tool calls and usage', async () => {
    llm.onInterpret({ tool: 'hand_over', arguments: { reason: 'pide persona' } });
    const records: LlmCallRecord[] = [];
    const answer = await ask(client(), records);
    expect(answer.toolCalls).toEqual([
      { name: 'hand_over', arguments: '{"reason":"pide persona"}' },
    ]);
    expect(llm.requests[0]?.body.stream).toBe(false);
    expect(records).toEqual([
      expect.objectContaining({ success: true, model: 'main', fallbackUsed: false }),
    ]);
    expect(records[0]?.inputTokens).toBeGreaterThan(0);
  });

  it('waits for Retry-After on 429, then retries the same model', async () => {
    llm.onInterpret({ status: 429, retryAfterSeconds: 1 }, { tool: 'hand_over', arguments: {} });
    const records: LlmCallRecord[] = [];
    await ask(client(), records);
    const [first, second] = llm.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(records.map((r) => [r.model, r.success])).toEqual([
      ['main', false],
      ['main', true],
    ]);
  });

  it('goes to the fallback model on a Retry-After beyond the budget', async () => {
    llm.onInterpret({ status: 429, retryAfterSeconds: 30 });
    const records: LlmCallRecord[] = [];
    await ask(client(), records);
    expect(llm.requests.map((r) => r.body.model)).toEqual(['main', 'backup']);
    expect(records[1]).toEqual(expect.objectContaining({ fallbackUsed: true, success: true }));
  });

  it('gives up with a typed error on timeouts and garbage, within the budget', async () => {
    llm.onInterpret({ mirror: true, delayMs: 1000 }, { garbage: 'nope' }, { garbage: '[]' });
    const records: LlmCallRecord[] = [];
    await expect(ask(client({ LLM_TIMEOUT_MS: '200' }), records, 2000)).rejects.toBeInstanceOf(
      LlmError,
    );
    expect(records.map((r) => r.error)).toEqual([
      expect.stringMatching(/no answer within 200 ms/),
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/no choices/),
    ]);
  });

  it('does not start a request once the turn budget is spent', async () => {
    const records: LlmCallRecord[] = [];
    await expect(ask(client(), records, 10)).rejects.toMatchObject({ kind: 'budget' });
    expect(llm.requests).toHaveLength(0);
  });
});
