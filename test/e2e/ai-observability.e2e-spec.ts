import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  LlmCallRecord,
  LlmCallRecorder,
  ResponseConstraintsReader,
  ToolCallLogEntry,
  ToolCallLogWriter,
} from '@app/ai-observability';
import { ResponseConstraintEntity, VehicleCategoryEntity } from '@app/database';
import { bootApi, TestApi } from '../support/api';
import { loginAs } from '../support/auth';
import { auditRows, Client, client } from '../support/catalogue';
import { waitFor } from '../support/process';

const LLM_ENV = {
  LLM_PRICES: 'gpt-4o-mini=0.15/0.60,llama3=0/0',
  LLM_EUR_PER_USD: '0.5',
  // Not a variable the api reads: it must not show up anywhere.
  OPENAI_API_KEY: 'sk-do-not-leak-0123456789',
};

const expectError = (
  res: { status: number; body: { error_code?: string; error?: string } },
  status: number,
  code?: string,
) => {
  expect(res.status).toBe(status);
  expect(typeof res.body.error).toBe('string');
  if (code) expect(res.body.error_code).toBe(code);
};

describe('AI observability pages (e2e)', () => {
  let api: TestApi;
  let admin: Client;
  let user: Client;
  let anonymous: Client;

  beforeAll(async () => {
    api = await bootApi({ env: LLM_ENV });
    admin = client(api, (await loginAs(api, 'admin')).token);
    user = client(api, (await loginAs(api, 'user')).token);
    anonymous = client(api, 'not-a-token');
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('tool logs: /api/admin/tool-logs', () => {
    const conv = `c-${randomUUID().slice(0, 8)}`;
    const other = `c-${randomUUID().slice(0, 8)}`;
    const base = new Date('2026-06-01T10:00:00Z').getTime();
    const entry = (i: number, overrides: Partial<ToolCallLogEntry> = {}): ToolCallLogEntry => ({
      conversationId: conv,
      toolName: ['calculate_quote', 'open_case', 'save_case_fields'][i % 3],
      parameters: { step: i, phone: '612345678', note: `call ${i}` },
      resultSummary: `result ${i}`,
      resultType: i % 5 === 4 ? 'error' : i % 7 === 6 ? 'blocked' : 'success',
      errorMessage: i % 5 === 4 ? 'boom' : null,
      executionTimeMs: 10 * (i + 1),
      iteration: i,
      source: i % 2 === 0 ? 'engine' : 'llm',
      at: new Date(base + i * 60_000),
      ...overrides,
    });

    beforeAll(async () => {
      const writer = api.app.get(ToolCallLogWriter);
      await writer.record(Array.from({ length: 12 }, (_, i) => entry(i)));
      await writer.record([
        entry(0, { conversationId: other, toolName: 'hand_over', at: new Date(base + 3_600_000) }),
      ]);
    });

    it('lists newest first with skip/limit paging and the envelope the admin SPA reads', async () => {
      const first = await admin.get('/api/admin/tool-logs?skip=0&limit=5').expect(200);
      expect(first.body).toMatchObject({ total: 13, skip: 0, limit: 5 });
      expect(first.body.items).toHaveLength(5);
      expect(first.body.items[0]).toMatchObject({ conversation_id: other, tool_name: 'hand_over' });
      const second = await admin.get('/api/admin/tool-logs?skip=5&limit=5').expect(200);
      const ids = [...first.body.items, ...second.body.items].map(
        (item: { id: string }) => item.id,
      );
      expect(new Set(ids).size).toBe(10);
      const times = [...first.body.items, ...second.body.items].map(
        (item: { timestamp: string }) => item.timestamp,
      );
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('returns every field of a call, parameters masked', async () => {
      const res = await admin
        .get(`/api/admin/tool-logs?conversation_id=${conv}&limit=200`)
        .expect(200);
      const call = res.body.items.find((item: { iteration: number }) => item.iteration === 4);
      expect(call).toEqual({
        id: expect.any(String),
        conversation_id: conv,
        tool_name: 'open_case',
        parameters: { step: 4, phone: '[redacted]', note: 'call 4' },
        result_summary: 'result 4',
        result_type: 'error',
        error_message: 'boom',
        execution_time_ms: 50,
        iteration: 4,
        source: 'engine',
        timestamp: new Date(base + 4 * 60_000).toISOString(),
      });
    });

    it('filters by conversation, tool, result, source and period', async () => {
      const q = async (query: string): Promise<number> =>
        (await admin.get(`/api/admin/tool-logs?${query}`).expect(200)).body.total;
      expect(await q(`conversation_id=${conv}`)).toBe(12);
      expect(await q(`conversation_id=${conv}&tool_name=open_case`)).toBe(4);
      expect(await q(`conversation_id=${conv}&result_type=error`)).toBe(2);
      expect(await q(`conversation_id=${conv}&result_type=blocked`)).toBe(1);
      expect(await q(`conversation_id=${conv}&source=llm`)).toBe(6);
      const from = new Date(base + 2 * 60_000).toISOString();
      const to = new Date(base + 5 * 60_000).toISOString();
      expect(await q(`conversation_id=${conv}&date_from=${from}&date_to=${to}`)).toBe(4);
      expect(await q('tool_name=nope')).toBe(0);
    });

    it('refuses bad paging and filters with 422', async () => {
      for (const query of [
        'limit=201',
        'limit=0',
        'skip=-1',
        'limit=abc',
        'result_type=weird',
        'date_from=yesterday',
        `conversation_id=${'x'.repeat(101)}`,
      ]) {
        expectError(await admin.get(`/api/admin/tool-logs?${query}`), 422);
      }
    });

    it('gives one conversation oldest first', async () => {
      const res = await admin.get(`/api/admin/tool-logs/conversation/${conv}`).expect(200);
      expect(res.body.map((item: { iteration: number }) => item.iteration)).toEqual(
        Array.from({ length: 12 }, (_, i) => i),
      );
      expect(
        (await admin.get('/api/admin/tool-logs/conversation/unknown-conv').expect(200)).body,
      ).toEqual([]);
    });

    it('counts per tool and lists the tool names', async () => {
      const stats = await admin.get('/api/admin/tool-logs/stats').expect(200);
      const quote = stats.body.find(
        (row: { tool_name: string }) => row.tool_name === 'calculate_quote',
      );
      // iterations 0, 3, 6, 9: 6 is blocked, none is an error (4 and 9 % 5 === 4 → 9 is an error).
      expect(quote).toEqual({
        tool_name: 'calculate_quote',
        total_calls: 4,
        success_count: 2,
        error_count: 1,
        blocked_count: 1,
        avg_execution_ms: 55,
      });
      const names = await admin.get('/api/admin/tool-logs/tool-names').expect(200);
      expect(names.body).toEqual(['calculate_quote', 'hand_over', 'open_case', 'save_case_fields']);
    });

    it('is open to role user, closed without a valid token', async () => {
      await user.get('/api/admin/tool-logs').expect(200);
      expectError(await anonymous.get('/api/admin/tool-logs'), 401);
    });
  });

  describe('LLM usage: /api/token-usage and /llm-metrics', () => {
    const now = new Date();
    const call = (overrides: Partial<LlmCallRecord>): LlmCallRecord => ({
      conversationId: 'c-llm',
      taskType: 'conversation',
      provider: 'openai',
      model: 'gpt-4o-mini',
      latencyMs: 400,
      inputTokens: 2_000_000,
      outputTokens: 1_000_000,
      success: true,
      fallbackUsed: false,
      at: now,
      ...overrides,
    });

    beforeAll(async () => {
      const recorder = api.app.get(LlmCallRecorder);
      await recorder.record(call({}));
      await recorder.record(
        call({ latencyMs: 600, success: false, error: 'timeout', inputTokens: 0, outputTokens: 0 }),
      );
      await recorder.record(
        call({
          provider: 'ollama',
          model: 'llama3',
          taskType: 'extraction',
          latencyMs: 200,
          fallbackUsed: true,
        }),
      );
      // A month long gone: outside the 12-month list.
      await recorder.record(call({ at: new Date(Date.UTC(now.getUTCFullYear() - 2, 0, 15)) }));
      // Last month (or December of last year): in the list, not in "current".
      await recorder.record(
        call({
          at: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)),
          inputTokens: 10,
          outputTokens: 20,
        }),
      );
    });

    it('token usage is for role admin only', async () => {
      for (const path of [
        '/api/token-usage',
        '/api/token-usage/current',
        '/api/token-usage/pricing',
      ]) {
        expectError(await user.get(path), 403);
        expectError(await anonymous.get(path), 401);
      }
    });

    it('current month: totals over models in EUR, with the per-model split', async () => {
      const res = await admin.get('/api/token-usage/current').expect(200);
      // gpt: 2 calls, 2M in / 1M out → USD 0.30 + 0.60 → EUR 0.15 + 0.30; llama3 free.
      expect(res.body).toMatchObject({
        year: now.getUTCFullYear(),
        month: now.getUTCMonth() + 1,
        input_tokens: 4_000_000,
        output_tokens: 2_000_000,
        total_tokens: 6_000_000,
        total_requests: 3,
        cost_input_eur: 0.15,
        cost_output_eur: 0.3,
        cost_total_eur: 0.45,
      });
      expect(
        res.body.models.map((m: { model: string; total_requests: number }) => [
          m.model,
          m.total_requests,
        ]),
      ).toEqual([
        ['gpt-4o-mini', 2],
        ['llama3', 1],
      ]);
    });

    it('lists the last 12 months, newest first', async () => {
      const res = await admin.get('/api/token-usage').expect(200);
      expect(res.body.total).toBe(2);
      const [current, previous] = res.body.items;
      expect(current).toMatchObject({
        year: now.getUTCFullYear(),
        month: now.getUTCMonth() + 1,
        total_requests: 3,
      });
      expect(current.id).toBe(`${current.year}-${String(current.month).padStart(2, '0')}`);
      expect(previous).toMatchObject({ input_tokens: 10, output_tokens: 20, total_requests: 1 });
      expect(typeof previous.created_at).toBe('string');
    });

    it('prices: configured USD converted to EUR, default model first', async () => {
      const res = await admin.get('/api/token-usage/pricing').expect(200);
      expect(res.body).toEqual({
        input_price_per_million: 0.075,
        output_price_per_million: 0.3,
        currency: 'EUR',
        eur_per_usd: 0.5,
        default_model: 'gpt-4o-mini',
        models: [
          {
            model: 'gpt-4o-mini',
            input_price_per_million: 0.075,
            output_price_per_million: 0.3,
            input_price_per_million_usd: 0.15,
            output_price_per_million_usd: 0.6,
          },
          {
            model: 'llama3',
            input_price_per_million: 0,
            output_price_per_million: 0,
            input_price_per_million_usd: 0,
            output_price_per_million_usd: 0,
          },
        ],
      });
    });

    it('llm-metrics needs authentication (any role)', async () => {
      for (const path of [
        '/llm-metrics/summary',
        '/llm-metrics/hourly',
        '/llm-metrics/health',
        '/llm-metrics/config',
      ]) {
        expectError(await anonymous.get(path), 401);
        await user.get(path).expect(200);
      }
    });

    it('summary: per model, per task type, local vs cloud, savings and fallbacks', async () => {
      const res = await user.get('/llm-metrics/summary?days=7').expect(200);
      const gpt = res.body.tier_stats.find((t: { tier: string }) => t.tier === 'gpt-4o-mini');
      expect(gpt).toEqual({
        tier: 'gpt-4o-mini',
        provider: 'openai',
        total_calls: 2,
        successful_calls: 1,
        failed_calls: 1,
        success_rate: 50,
        avg_latency_ms: 500,
        total_input_tokens: 2_000_000,
        total_output_tokens: 1_000_000,
        estimated_cost_usd: '0.900000',
      });
      expect(res.body.task_type_stats).toEqual([
        {
          task_type: 'conversation',
          total_calls: 2,
          local_calls: 0,
          cloud_calls: 2,
          local_percentage: 0,
          avg_latency_ms: 500,
        },
        {
          task_type: 'extraction',
          total_calls: 1,
          local_calls: 1,
          cloud_calls: 0,
          local_percentage: 100,
          avg_latency_ms: 200,
        },
      ]);
      // The llama3 call's tokens at gpt-4o-mini prices would have cost another USD 0.90.
      expect(res.body.cost_savings).toEqual({
        period_days: 7,
        total_calls: 3,
        local_calls: 1,
        cloud_calls: 2,
        local_percentage: 33.33,
        actual_cost_usd: '0.900000',
        hypothetical_cloud_cost_usd: '1.800000',
        estimated_savings_usd: '0.900000',
        savings_percentage: 50,
      });
      expect(res.body).toMatchObject({ fallback_count: 1, fallback_rate: 33.33 });
      for (const days of ['0', '91', 'x'])
        expectError(await user.get(`/llm-metrics/summary?days=${days}`), 422);
    });

    it('hourly: one bucket per hour, oldest first', async () => {
      const res = await user.get('/llm-metrics/hourly?hours=3').expect(200);
      expect(res.body).toHaveLength(3);
      type Bucket = { hour: string; local_calls: number; cloud_calls: number; total_calls: number };
      const buckets = res.body as Bucket[];
      const sum = (pick: (b: Bucket) => number) => buckets.reduce((total, b) => total + pick(b), 0);
      // The calls were made at the start of this file: in the last bucket, or the one before
      // it if an hour has just begun.
      expect([
        sum((b) => b.local_calls),
        sum((b) => b.cloud_calls),
        sum((b) => b.total_calls),
      ]).toEqual([1, 2, 3]);
      expect(buckets[0].total_calls).toBe(0);
      const hours = buckets.map((b) => new Date(b.hour).getTime());
      expect(hours[1] - hours[0]).toBe(3_600_000);
      expect(hours[2] - hours[1]).toBe(3_600_000);
      expectError(await user.get('/llm-metrics/hourly?hours=169'), 422);
    });

    it('health: per provider from recent calls', async () => {
      const res = await user.get('/llm-metrics/health').expect(200);
      expect(res.body.ollama).toMatchObject({
        status: 'healthy',
        recent_calls: 1,
        models_available: ['llama3'],
      });
      expect(res.body.openrouter).toMatchObject({ status: 'unknown', recent_calls: 0 });
      expect(res.body.providers.openai).toMatchObject({
        status: 'degraded',
        recent_calls: 2,
        recent_failures: 1,
        error: 'timeout',
      });
    });

    it('config: models and observed routing, never a credential', async () => {
      const res = await user.get('/llm-metrics/config').expect(200);
      expect(res.body).toEqual({
        hybrid_enabled: true,
        tiers: {
          'gpt-4o-mini': { model: 'gpt-4o-mini', tasks: ['conversation'] },
          llama3: { model: 'llama3', tasks: ['extraction'] },
        },
        routing: {
          conversation: { use_local: false, model: 'gpt-4o-mini' },
          extraction: { use_local: true, model: 'llama3' },
        },
        metrics_enabled: true,
        metrics_retention_days: 0,
      });
      expect(JSON.stringify(res.body)).not.toContain(LLM_ENV.OPENAI_API_KEY);
      expect(JSON.stringify(res.body)).not.toMatch(/key|secret|token/i);
    });
  });

  describe('response constraints: /api/admin/response-constraints', () => {
    let categoryId: string;
    const path = '/api/admin/response-constraints';
    const valid = {
      constraint_type: 'escape_requires_quote',
      detection_pattern: 'escape\\s\\w{1,20}\\s\\d+',
      required_tool: 'calculate_quote|element_documentation',
      error_injection: 'Use the tools first.',
      priority: 85,
    };
    const count = (): Promise<number> =>
      api.app.get(DataSource).getRepository(ResponseConstraintEntity).count();

    beforeAll(async () => {
      const categories = api.app.get(DataSource).getRepository(VehicleCategoryEntity);
      const saved = await categories.save(
        categories.create({ slug: 'motos-e2e-obs', name: 'Motos', clientType: 'particular' }),
      );
      categoryId = saved.id;
    });

    it('lists the four seeded global rules, highest priority first', async () => {
      const res = await user.get(path).expect(200);
      expect(
        res.body.map((r: { constraint_type: string; priority: number }) => [
          r.constraint_type,
          r.priority,
        ]),
      ).toEqual([
        ['price_requires_tool', 100],
        ['images_narration_blocked', 95],
        ['variant_requires_tool', 90],
        ['docs_from_tool_only', 80],
      ]);
      expect(res.body[0]).toMatchObject({
        category_id: null,
        category_name: null,
        required_tool: 'calculate_quote',
        is_active: true,
      });
    });

    it('creates, filters, updates and deletes, auditing each write', async () => {
      const created = await user.post(path, { ...valid, category_id: categoryId }).expect(201);
      expect(created.body).toMatchObject({
        ...valid,
        category_id: categoryId,
        category_name: 'Motos',
        is_active: true,
      });
      const id = created.body.id as string;

      const byCategory = await user.get(`${path}?category_id=${categoryId}`).expect(200);
      expect(byCategory.body.map((r: { id: string }) => r.id)).toEqual([id]);
      expect((await user.get(`${path}?is_active=false`).expect(200)).body).toEqual([]);

      const updated = await user
        .put(`${path}/${id}`, { is_active: false, priority: 5 })
        .expect(200);
      expect(updated.body).toMatchObject({
        is_active: false,
        priority: 5,
        detection_pattern: valid.detection_pattern,
      });
      expect(
        (await user.get(`${path}?is_active=false`).expect(200)).body.map(
          (r: { id: string }) => r.id,
        ),
      ).toEqual([id]);

      await user.delete(`${path}/${id}`).expect(204);
      expectError(await user.delete(`${path}/${id}`), 404);
      expectError(await user.put(`${path}/${id}`, { priority: 1 }), 404);

      const audit = await auditRows(api, id);
      expect(audit.map((row) => row.action)).toEqual(['delete', 'update', 'create']);
      expect(audit[1].changes).toMatchObject({
        is_active: { old: true, new: false },
        priority: { old: 85, new: 5 },
      });
      expect(audit.every((row) => row.entityType === 'response_constraint')).toBe(true);
    });

    it('refuses patterns that do not compile or can backtrack catastrophically (422, nothing written)', async () => {
      const before = await count();
      expectError(
        await user.post(path, { ...valid, detection_pattern: '(unclosed' }),
        422,
        'RESPONSE_CONSTRAINT_INVALID_PATTERN',
      );
      for (const pattern of ['(a+)+$', '(a|aa)*b', '(.*)*x', '^(\\w+\\s?)*$']) {
        expectError(
          await user.post(path, { ...valid, detection_pattern: pattern }),
          422,
          'RESPONSE_CONSTRAINT_UNSAFE_PATTERN',
        );
      }
      const seeded = (await user.get(path).expect(200)).body[0];
      expectError(
        await user.put(`${path}/${seeded.id}`, { detection_pattern: '(x+)+' }),
        422,
        'RESPONSE_CONSTRAINT_UNSAFE_PATTERN',
      );
      expect((await user.get(path).expect(200)).body[0].detection_pattern).toBe(
        seeded.detection_pattern,
      );
      expect(await count()).toBe(before);
    });

    it('validates lengths, tool lists and the category', async () => {
      const before = await count();
      const bad: Record<string, unknown>[] = [
        { ...valid, detection_pattern: 'a'.repeat(501) },
        { ...valid, constraint_type: 'x'.repeat(51) },
        { ...valid, required_tool: 'a'.repeat(201) },
        { ...valid, required_tool: 'calculate quote; drop' },
        { ...valid, required_tool: '' },
        { ...valid, error_injection: '' },
        { ...valid, priority: 1.5 },
        { ...valid, is_active: null },
        { constraint_type: 'x' },
      ];
      for (const body of bad) expectError(await user.post(path, body), 422);
      expectError(
        await user.post(path, { ...valid, category_id: randomUUID() }),
        422,
        'RESPONSE_CONSTRAINT_UNKNOWN_CATEGORY',
      );
      expectError(await user.put(`${path}/not-a-uuid`, { priority: 1 }), 400);
      expect(await count()).toBe(before);
    });

    it('a write reaches the rule cache of this and of another api process at once', async () => {
      const replica = await bootApi({ env: LLM_ENV, shareWith: api });
      try {
        const here = api.app.get(ResponseConstraintsReader);
        const there = replica.app.get(ResponseConstraintsReader);
        // Both caches warm.
        expect((await here.rulesFor(null)).length).toBe(4);
        expect((await there.rulesFor(null)).length).toBe(4);
        const created = await user
          .post(path, { ...valid, constraint_type: 'global_new' })
          .expect(201);
        expect((await here.rulesFor(null)).map((r) => r.constraintType)).toContain('global_new');
        await waitFor(async () =>
          (await there.rulesFor(null)).some((r) => r.constraintType === 'global_new'),
        );
        await user.delete(`${path}/${created.body.id}`).expect(204);
        await waitFor(
          async () => !(await there.rulesFor(null)).some((r) => r.constraintType === 'global_new'),
        );
      } finally {
        await replica.close();
      }
    });
  });
});
