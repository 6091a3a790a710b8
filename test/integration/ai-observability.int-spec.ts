import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { getRepositoryToken } from '@nestjs/typeorm';
import {
  AiObservabilityModule,
  LlmCallRecorder,
  ResponseConstraintsReader,
  ToolCallLogWriter,
} from '@app/ai-observability';
import { BaseConfig, CommonEnv, ConfigModule, validateEnv } from '@app/config';
import {
  DatabaseModule,
  LlmUsageMetricEntity,
  ResponseConstraintEntity,
  TokenUsageEntity,
  ToolCallLogEntity,
  VehicleCategoryEntity,
} from '@app/database';
import { isValidRegex, regexBacktrackingRisk, violatedConstraints } from '@app/domain';
import { RedisModule } from '@app/redis';
import { createTestDatabase, TestDatabase } from '../support/database';
import { waitFor } from '../support/process';
import { createTestRedis, TestRedis } from '../support/redis';

class TestConfig extends BaseConfig {
  public readonly serviceName = 'test';
  public constructor(env: CommonEnv) {
    super(env);
  }
}

const PRICES = 'gpt-4o-mini=0.15/0.60,llama3=0/0';

async function bootContext(db: TestDatabase, redis: TestRedis): Promise<INestApplicationContext> {
  const config = new TestConfig(
    validateEnv(CommonEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      DATABASE_POOL_MAX: '10',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.keyPrefix,
      LLM_PRICES: PRICES,
    }),
  );
  @Module({
    imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, AiObservabilityModule],
  })
  class RootModule {}
  const app = await NestFactory.createApplicationContext(RootModule, { logger: false });
  await app.init();
  return app;
}

describe('AI observability writers and reader (integration, real PostgreSQL + Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let first: INestApplicationContext;
  let second: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    first = await bootContext(db, redis);
    second = await bootContext(db, redis);
    dataSource = first.get(DataSource);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  describe('ToolCallLogWriter', () => {
    it('stores a batch truncated and masked, in one call', async () => {
      const writer = first.get(ToolCallLogWriter);
      await writer.record([
        {
          conversationId: 'conv-tool-1',
          toolName: 'save_case_fields',
          parameters: {
            fields: {
              telefono: '+34 612 345 678',
              nota: 'llámame al 612345678',
              texto: 'x'.repeat(400),
            },
            email: 'ana@example.com',
          },
          resultSummary: 'guardado para DNI 12345678Z y matrícula 1234 BCD',
          resultType: 'success',
          executionTimeMs: 12.6,
          iteration: 0,
          source: 'llm',
          at: new Date('2026-05-01T10:00:00Z'),
        },
        {
          conversationId: 'conv-tool-1',
          toolName: 'calculate_quote',
          parameters: {},
          resultSummary: 'blocked',
          resultType: 'blocked',
          errorMessage: 'IBAN ES91 2100 0418 4502 0005 1332 rejected',
          executionTimeMs: 3,
          iteration: 1,
          source: 'engine',
        },
      ]);
      const rows = await dataSource
        .getRepository(ToolCallLogEntity)
        .find({ where: { conversationId: 'conv-tool-1' }, order: { iteration: 'ASC' } });
      expect(rows).toHaveLength(2);
      const [saved, blocked] = rows as [ToolCallLogEntity, ToolCallLogEntity];
      const json = JSON.stringify(saved.parameters);
      expect(json).not.toMatch(/612|ana@example/);
      expect(saved.parameters).toMatchObject({
        email: '[redacted]',
        fields: { telefono: '[redacted]', nota: 'llámame al [phone]' },
      });
      expect((saved.parameters as { fields: { texto: string } }).fields.texto.length).toBe(200);
      expect(saved.resultSummary).toBe('guardado para DNI [id] y matrícula [plate]');
      expect(saved.executionTimeMs).toBe(13);
      expect(saved.source).toBe('llm');
      expect(saved.timestamp.toISOString()).toBe('2026-05-01T10:00:00.000Z');
      expect(blocked.errorMessage).toBe('IBAN [iban] rejected');
      expect(blocked.resultType).toBe('blocked');
    });

    it('never throws into the caller: a bad batch is dropped', async () => {
      const writer = first.get(ToolCallLogWriter);
      await expect(
        writer.record([
          {
            conversationId: 'conv-tool-bad',
            toolName: 'case_status',
            parameters: {},
            resultSummary: '',
            // Refused by the CHECK constraint: the whole insert fails.
            resultType: 'weird' as 'success',
            executionTimeMs: 1,
            iteration: 0,
            source: 'engine',
          },
        ]),
      ).resolves.toBeUndefined();
      expect(
        await dataSource
          .getRepository(ToolCallLogEntity)
          .countBy({ conversationId: 'conv-tool-bad' }),
      ).toBe(0);
    });

    it('groups calls made while an insert runs into shared inserts; a bad batch drops only its own rows', async () => {
      const writer = first.get(ToolCallLogWriter);
      const inserts = jest.spyOn(first.get(getRepositoryToken(ToolCallLogEntity)), 'insert');
      const entry = (conversationId: string, resultType = 'success') => ({
        conversationId,
        toolName: 'calculate_quote',
        parameters: { n: 1 },
        resultSummary: 'ok',
        resultType: resultType as 'success',
        executionTimeMs: 1,
        iteration: 0,
        source: 'engine' as const,
      });
      const repository = dataSource.getRepository(ToolCallLogEntity);
      // 40 turns recording at once share one insert.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          writer.record([entry(`conv-group-${i % 4}`), entry(`conv-group-${i % 4}`)]),
        ),
      );
      expect(inserts.mock.calls.length).toBe(1);
      for (let i = 0; i < 4; i += 1) {
        expect(await repository.countBy({ conversationId: `conv-group-${i}` })).toBe(20);
      }
      // A batch the database refuses, grouped with good ones: only its rows are lost.
      await Promise.all([
        writer.record([entry('conv-group-a')]),
        writer.record([entry('conv-group-b')]),
        writer.record([entry('conv-group-bad', 'weird')]),
        writer.record([entry('conv-group-c')]),
      ]);
      for (const id of ['conv-group-a', 'conv-group-b', 'conv-group-c']) {
        expect(await repository.countBy({ conversationId: id })).toBe(1);
      }
      expect(await repository.countBy({ conversationId: 'conv-group-bad' })).toBe(0);
      // One turn after another, each waiting for the previous: every call settles.
      for (let i = 0; i < 20; i += 1) await writer.record([entry('conv-group-serial')]);
      expect(await repository.countBy({ conversationId: 'conv-group-serial' })).toBe(20);
      // Turns 10 ms apart, as a busy worker ends them, are grouped too (the first one lingers).
      inserts.mockClear();
      const spaced: Promise<void>[] = [];
      for (let i = 0; i < 5; i += 1) {
        spaced.push(writer.record([entry('conv-group-spaced')]));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(spaced);
      expect(await repository.countBy({ conversationId: 'conv-group-spaced' })).toBe(5);
      expect(inserts.mock.calls.length).toBeLessThan(5);
      // A clean stop writes what is still lingering.
      void writer.record([entry('conv-group-stop')]);
      await writer.beforeApplicationShutdown();
      expect(await repository.countBy({ conversationId: 'conv-group-stop' })).toBe(1);
      inserts.mockRestore();
    });
  });

  describe('LlmCallRecorder', () => {
    it('writes the metric row with its cost and the monthly per-model totals', async () => {
      const recorder = first.get(LlmCallRecorder);
      const at = new Date('2026-02-10T12:00:00Z');
      await recorder.record({
        conversationId: 'conv-llm-1',
        taskType: 'conversation',
        provider: 'openai',
        model: 'gpt-4o-mini',
        latencyMs: 820,
        inputTokens: 1_000_000,
        outputTokens: 500_000,
        success: true,
        fallbackUsed: false,
        at,
      });
      const metric = await dataSource
        .getRepository(LlmUsageMetricEntity)
        .findOneByOrFail({ conversationId: 'conv-llm-1' });
      expect(Number(metric.estimatedCostUsd)).toBeCloseTo(0.45, 6);
      expect(metric.createdAt.toISOString()).toBe(at.toISOString());
      const usage = await dataSource
        .getRepository(TokenUsageEntity)
        .findOneByOrFail({ year: 2026, month: 2, model: 'gpt-4o-mini' });
      expect(usage).toMatchObject({
        inputTokens: '1000000',
        outputTokens: '500000',
        totalRequests: 1,
      });
      expect(Number(usage.costInputUsd)).toBeCloseTo(0.15, 6);
      expect(Number(usage.costOutputUsd)).toBeCloseTo(0.3, 6);
    });

    it('gives exact sums under concurrent upserts from two processes', async () => {
      const recorders = [first.get(LlmCallRecorder), second.get(LlmCallRecorder)];
      const transactions = [first, second].map((app) =>
        jest.spyOn(app.get(DataSource), 'transaction'),
      );
      const at = new Date('2026-03-15T08:00:00Z');
      const calls = Array.from({ length: 60 }, (_, i) =>
        recorders[i % 2].record({
          conversationId: `conv-burst-${i}`,
          taskType: 'tool_calling',
          provider: i % 3 === 0 ? 'ollama' : 'openai',
          model: i % 3 === 0 ? 'llama3' : 'gpt-4o-mini',
          latencyMs: 100 + i,
          inputTokens: 1000 + i,
          outputTokens: 10 * i,
          success: i % 7 !== 0,
          fallbackUsed: i % 5 === 0,
          at,
        }),
      );
      await Promise.all(calls);
      // Each process wrote its 30 calls in one transaction, not one per call.
      expect(transactions.map((spy) => spy.mock.calls.length)).toEqual([1, 1]);
      transactions.forEach((spy) => spy.mockRestore());
      const rows = await dataSource
        .getRepository(TokenUsageEntity)
        .find({ where: { year: 2026, month: 3 }, order: { model: 'ASC' } });
      const expected = (predicate: (i: number) => boolean) => {
        const ids = Array.from({ length: 60 }, (_, i) => i).filter(predicate);
        return {
          requests: ids.length,
          input: ids.reduce((sum, i) => sum + 1000 + i, 0),
          output: ids.reduce((sum, i) => sum + 10 * i, 0),
        };
      };
      const llama = expected((i) => i % 3 === 0);
      const gpt = expected((i) => i % 3 !== 0);
      expect(
        rows.map((row) => [
          row.model,
          row.totalRequests,
          Number(row.inputTokens),
          Number(row.outputTokens),
        ]),
      ).toEqual([
        ['gpt-4o-mini', gpt.requests, gpt.input, gpt.output],
        ['llama3', llama.requests, llama.input, llama.output],
      ]);
      const gptRow = rows[0];
      expect(Number(gptRow.costInputUsd)).toBeCloseTo((gpt.input * 0.15) / 1e6, 5);
      expect(Number(rows[1].costInputUsd)).toBe(0);
      expect(
        await dataSource
          .getRepository(LlmUsageMetricEntity)
          .count({ where: { taskType: 'tool_calling' } }),
      ).toBe(60);
    });
  });

  describe('ResponseConstraintsReader', () => {
    it('serves the four seeded global rules, which are safe and catch what they are meant to', async () => {
      const rules = await first.get(ResponseConstraintsReader).rulesFor(null);
      expect(rules.map((rule) => [rule.constraintType, rule.priority])).toEqual([
        ['price_requires_tool', 100],
        ['images_narration_blocked', 95],
        ['variant_requires_tool', 90],
        ['docs_from_tool_only', 80],
      ]);
      for (const rule of rules) {
        expect(isValidRegex(rule.detectionPattern)).toBe(true);
        expect(regexBacktrackingRisk(rule.detectionPattern)).toBeNull();
      }
      const violated = (text: string, tools: string[] = []) =>
        violatedConstraints(text, rules, tools).map((rule) => rule.constraintType);
      expect(violated('El precio es 410 € + IVA')).toEqual(['price_requires_tool']);
      expect(violated('El precio es 410 € + IVA', ['calculate_quote'])).toEqual([]);
      expect(violated('Te envío unas fotos de ejemplo')).toEqual(['images_narration_blocked']);
      expect(violated('Te envío unas fotos de ejemplo', ['send_example_images'])).toEqual([]);
      expect(violated('¿Son delanteros o traseros?')).toEqual(['variant_requires_tool']);
      expect(violated('¿Son delanteros o traseros?', ['choose_variant'])).toEqual([]);
      expect(violated('Necesitarás el certificado del taller')).toEqual(['docs_from_tool_only']);
      expect(violated('Necesitarás el certificado del taller', ['element_documentation'])).toEqual(
        [],
      );
      expect(violated('¡Hola! ¿Qué reforma quieres legalizar?')).toEqual([]);
    });

    it('adds category rules to the global ones and drops inactive ones', async () => {
      const categories = dataSource.getRepository(VehicleCategoryEntity);
      const category = await categories.save(
        categories.create({
          slug: 'int-obs-cat',
          name: 'Obs',
          clientType: 'particular',
        } as Partial<VehicleCategoryEntity>),
      );
      const constraints = dataSource.getRepository(ResponseConstraintEntity);
      await constraints.save([
        constraints.create({
          categoryId: category.id,
          constraintType: 'category_rule',
          detectionPattern: 'escape',
          requiredTool: 'calculate_quote',
          errorInjection: 'x',
          priority: 97,
        }),
        constraints.create({
          categoryId: null,
          constraintType: 'inactive_rule',
          detectionPattern: 'hola',
          requiredTool: 'case_status',
          errorInjection: 'x',
          priority: 200,
          isActive: false,
        }),
      ]);
      const reader = first.get(ResponseConstraintsReader);
      await reader.invalidate();
      const forCategory = await reader.rulesFor(category.id);
      expect(forCategory.map((rule) => rule.constraintType)).toEqual([
        'price_requires_tool',
        'category_rule',
        'images_narration_blocked',
        'variant_requires_tool',
        'docs_from_tool_only',
      ]);
      expect((await reader.rulesFor(null)).map((rule) => rule.constraintType)).not.toContain(
        'category_rule',
      );
    });

    it('a write invalidated in one process is seen by another process through Redis', async () => {
      const writerSide = first.get(ResponseConstraintsReader);
      const otherSide = second.get(ResponseConstraintsReader);
      const before = await otherSide.rulesFor(null); // now cached in the second process
      expect(before.map((rule) => rule.constraintType)).not.toContain('fresh_rule');

      const constraints = dataSource.getRepository(ResponseConstraintEntity);
      await constraints.save(
        constraints.create({
          categoryId: null,
          constraintType: 'fresh_rule',
          detectionPattern: 'nuevo',
          requiredTool: 'case_status',
          errorInjection: 'x',
          priority: 1,
        }),
      );
      // Without an invalidation the second process keeps serving its cached copy.
      expect((await otherSide.rulesFor(null)).map((rule) => rule.constraintType)).not.toContain(
        'fresh_rule',
      );
      await writerSide.invalidate();
      await waitFor(async () =>
        (await otherSide.rulesFor(null)).some((rule) => rule.constraintType === 'fresh_rule'),
      );
    });
  });
});
