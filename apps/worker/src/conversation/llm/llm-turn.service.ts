import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  LlmCallRecord,
  LlmCallRecorder,
  ResponseConstraintsReader,
  ToolCallLogEntry,
  ToolCallLogWriter,
} from '@app/ai-observability';
import { ConversationMessageEntity } from '@app/database';
import {
  AgentInterpretation,
  AgentReply,
  AgentToolName,
  AgentTurnInput,
  AgentTurnOutput,
  checkPhrasedReply,
  decideTurn,
  interpretationMessages,
  interpretationSignature,
  parseAgentState,
  phrasingMessages,
  readToolCall,
  ResponseConstraintRule,
  ruleBasedToolCall,
  toolArguments,
  toolNamesForStep,
  toolOfOperation,
  toolsForStep,
  toolsOfOperations,
  TurnCatalogue,
} from '@app/domain';
import { WorkerConfig } from '../../config/worker.config';
import { TurnInputsService } from '../engine/turn-inputs.service';
import { LlmClient, LlmError } from './llm-client';

/** The same tool with the same arguments this many times in a conversation is a loop. */
export const LLM_LOOP_REPEATS = 3;
const MAX_PROMPT_ELEMENTS = 300;

/** What the language model contributed to a turn, prepared before the turn's transaction. */
export interface LlmTurnPlan {
  interpretation: AgentInterpretation | null;
  /** The engine's reply in the dry run with that interpretation. */
  expectedReply: AgentReply | null;
  /** The model's wording of `expectedReply.text`, checked; null = the engine's own text. */
  phrasedText: string | null;
  calls: LlmCallRecord[];
  /** The model's tool calls, as logged (the engine's operations are added after the turn). */
  toolCalls: ToolCallLogEntry[];
}

export interface LlmTurnRequest {
  conversationId: string;
  customerId: string;
  messageIds: number[];
}

const uuidFrom = (name: string): string => {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const sameReply = (a: AgentReply | null, b: AgentReply | null): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

const hasText = (reply: AgentReply | null): reply is AgentReply =>
  reply !== null && reply.text.trim() !== '';

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The optional language model around the rule-based engine. Before a turn's transaction (no
 * connection or transaction held while waiting for it) it asks the model which operation the
 * customer's messages mean, dry-runs the engine with that reading, and asks the model to
 * phrase the engine's reply, which is checked (prices, promises, response constraints). The
 * wording of the rule-based reply is requested at the same time as the reading
 * (LLM_SPECULATIVE_PHRASING) and kept when the reading leads to the same reply; otherwise the
 * dry run's reply is worded once the reading is known. The real turn then uses the reading,
 * and the wording only when its reply is the dry run's.
 * Any failure, timeout or loop leaves the turn to the engine alone. Without LLM_BASE_URL
 * `prepare` returns null at once.
 */
@Injectable()
export class LlmTurnService {
  private readonly logger = new Logger(LlmTurnService.name);

  public constructor(
    private readonly dataSource: DataSource,
    private readonly inputs: TurnInputsService,
    private readonly client: LlmClient,
    private readonly config: WorkerConfig,
    private readonly toolLogs: ToolCallLogWriter,
    private readonly llmCalls: LlmCallRecorder,
    private readonly constraints: ResponseConstraintsReader,
  ) {}

  public async prepare(request: LlmTurnRequest): Promise<LlmTurnPlan | null> {
    if (!this.client.enabled) return null;
    const deadline = Date.now() + this.client.turnBudgetMs;
    const plan: LlmTurnPlan = {
      interpretation: null,
      expectedReply: null,
      phrasedText: null,
      calls: [],
      toolCalls: [],
    };
    try {
      const input = await this.dryRunInput(request);
      if (!input) return plan;
      const state = parseAgentState(input.state);
      const offered = toolNamesForStep(state.step);
      const plain = decideTurn(input);
      // The rule-based reply is worded while the model reads the messages; when the model's
      // reading leads to the same reply (the usual case) the customer waits one round less.
      const speculative =
        this.client.speculativePhrasing && hasText(plain.reply)
          ? this.phrase(request, input, plain, deadline, plan, true)
          : null;
      // Observed below; without a handler now, a failure during the reading would be unhandled.
      speculative?.catch(() => undefined);
      plan.interpretation = await this.interpret(request, input, plain, offered, deadline, plan);
      const dry = plan.interpretation
        ? decideTurn({ ...input, interpretation: plan.interpretation })
        : plain;
      plan.expectedReply = dry.reply;
      if (speculative && sameReply(dry.reply, plain.reply)) {
        plan.phrasedText = await speculative;
      } else {
        const [, phrased] = await Promise.all([
          // A wording nobody will use still costs tokens: wait for it so its call is recorded.
          speculative?.catch(() => null),
          hasText(dry.reply) ? this.phrase(request, input, dry, deadline, plan, false) : null,
        ]);
        plan.phrasedText = phrased;
      }
    } catch (error) {
      // Reading the inputs failed: the turn itself will report it if it persists.
      this.logger.warn(
        `conversation ${request.conversationId}: LLM step skipped: ${errorText(error)}`,
      );
    }
    return plan;
  }

  /** The turn's output with the model's wording, when the real reply is the one phrased. */
  public finish(plan: LlmTurnPlan | null, output: AgentTurnOutput): AgentTurnOutput {
    if (!plan?.phrasedText || !output.reply || !sameReply(output.reply, plan.expectedReply)) {
      return output;
    }
    return { ...output, reply: { ...output.reply, text: plan.phrasedText } };
  }

  /**
   * After the turn committed: the model's calls and every operation of the turn (the engine's
   * too) go to the AI observability tables. Never throws, never delays the turn.
   */
  public record(
    conversationId: string,
    plan: LlmTurnPlan | null,
    output: AgentTurnOutput | null,
  ): void {
    const entries: ToolCallLogEntry[] = [...(plan?.toolCalls ?? [])];
    const at = new Date();
    for (const [index, operation] of (output?.operations ?? []).entries()) {
      entries.push({
        conversationId,
        toolName: toolOfOperation(operation) ?? operation.name,
        parameters: { operation: operation.name, ...operation.params },
        resultSummary: operation.detail ?? `${operation.name}: ${operation.outcome}`,
        resultType: operation.outcome,
        errorMessage: operation.outcome === 'error' ? (operation.detail ?? null) : null,
        executionTimeMs: 0,
        iteration: index,
        source: 'engine',
        at,
      });
    }
    const calls = plan?.calls ?? [];
    void (async () => {
      try {
        await Promise.all([this.toolLogs.record(entries), this.llmCalls.record(...calls)]);
      } catch (error) {
        this.logger.warn(`AI observability records dropped: ${errorText(error)}`);
      }
    })();
  }

  /** The engine's input as the turn will see it, read outside any transaction; null = skip. */
  private async dryRunInput(request: LlmTurnRequest): Promise<AgentTurnInput | null> {
    const manager = this.dataSource.manager;
    const messages = (
      await manager.find(ConversationMessageEntity, {
        where: request.messageIds.map((chatwootMessageId) => ({ chatwootMessageId })),
        order: { chatwootMessageId: 'ASC' },
      })
    ).filter((message) => message.agentTurnAt === null);
    // Photos and other attachments are the engine's alone (they are linked in the turn).
    if (
      messages.length === 0 ||
      messages.some((message) => (message.attachments ?? []).length > 0) ||
      messages.every((message) => (message.content ?? '').trim() === '')
    ) {
      return null;
    }
    const [facts, catalogue] = await Promise.all([
      this.inputs.facts(manager, request.conversationId, request.customerId),
      this.inputs.catalogue(),
    ]);
    if (!facts.customer || facts.handedOver) return null;
    const lastId = messages[messages.length - 1]?.chatwootMessageId ?? 0;
    return {
      state: facts.state?.state ?? null,
      conversationId: request.conversationId,
      messages: messages.map((message) => ({
        chatwootMessageId: message.chatwootMessageId ?? 0,
        text: message.content ?? '',
        attachments: [],
        at: message.createdAt.toISOString(),
      })),
      customer: facts.customer,
      activeCase: facts.latestCase,
      handedOver: facts.handedOver,
      catalogue,
      settings: {
        maxMisunderstandings: this.config.agent.maxMisunderstandings,
        maxLoopRepeats: this.config.agent.maxLoopRepeats,
        publicBaseUrl: this.config.apiBaseUrl,
        timezone: this.config.agent.timezone,
      },
      now: new Date(),
      newId: (purpose) => uuidFrom(`${request.conversationId}:${lastId}:${purpose}`),
    };
  }

  private async interpret(
    request: LlmTurnRequest,
    input: AgentTurnInput,
    plain: AgentTurnOutput,
    offered: AgentToolName[],
    deadline: number,
    plan: LlmTurnPlan,
  ): Promise<AgentInterpretation | null> {
    const state = parseAgentState(input.state);
    const started = Date.now();
    const log = (
      toolName: string,
      parameters: Record<string, unknown>,
      resultType: ToolCallLogEntry['resultType'],
      summary: string,
    ): void => {
      plan.toolCalls.push({
        conversationId: request.conversationId,
        toolName,
        parameters,
        resultSummary: summary,
        resultType,
        errorMessage: resultType === 'success' ? null : summary,
        executionTimeMs: Date.now() - started,
        iteration: plan.toolCalls.length,
        source: 'llm',
        at: new Date(started),
      });
    };
    let answer;
    try {
      answer = await this.client.chat({
        messages: interpretationMessages({
          step: state.step,
          tools: offered,
          customerMessages: input.messages.map((message) => message.text),
          ruleBased: ruleBasedToolCall(plain.operations, offered),
          elements: this.promptElements(
            input.catalogue,
            input,
            state.quote?.categorySlug ?? state.categorySlug,
          ),
          variantOptions: (state.quote?.pendingQuestions ?? []).flatMap(
            (question) => question.options,
          ),
        }),
        tools: toolsForStep(state.step),
        taskType: 'tool_calling',
        conversationId: request.conversationId,
        deadline,
        records: plan.calls,
      });
    } catch (error) {
      log(
        'interpretation',
        {},
        'error',
        `model unavailable (${errorText(error)}): rule-based reading`,
      );
      return null;
    }
    const [call, ...extra] = answer.toolCalls;
    if (!call) return null;
    if (extra.length > 0) {
      log(call.name, {}, 'error', 'more than one tool call: rule-based reading');
      return null;
    }
    const reading = readToolCall(call.name, call.arguments, offered);
    if (!reading.ok) {
      log(call.name, { arguments: call.arguments.slice(0, 500) }, 'error', reading.error);
      return null;
    }
    const signature = interpretationSignature(reading.interpretation);
    const repeats = state.llmCalls.filter((previous) => previous === signature).length + 1;
    if (repeats >= LLM_LOOP_REPEATS) {
      log(
        call.name,
        toolArguments(reading.interpretation),
        'blocked',
        `same call ${repeats} times in this conversation: rule-based reading`,
      );
      return null;
    }
    log(
      call.name,
      toolArguments(reading.interpretation),
      'success',
      'interpretation passed to the engine',
    );
    return reading.interpretation;
  }

  private async phrase(
    request: LlmTurnRequest,
    input: AgentTurnInput,
    dry: AgentTurnOutput,
    deadline: number,
    plan: LlmTurnPlan,
    speculative: boolean,
  ): Promise<string | null> {
    const reply = dry.reply;
    if (!reply) return null;
    const state = parseAgentState(dry.state);
    const rules = await this.rulesFor(
      input.catalogue,
      state.quote?.categorySlug ?? state.categorySlug,
    );
    const toolsUsed = toolsOfOperations(dry.operations, reply.images.length > 0);
    let corrections: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let text: string | null;
      try {
        const answer = await this.client.chat({
          messages: phrasingMessages({
            reply,
            customerMessages: input.messages.map((message) => message.text),
            corrections,
          }),
          taskType: 'conversation',
          conversationId: request.conversationId,
          deadline,
          records: plan.calls,
        });
        text = answer.toolCalls.length === 0 ? (answer.content?.trim() ?? null) : null;
      } catch (error) {
        if (!(error instanceof LlmError)) throw error;
        return null;
      }
      if (!text) return null;
      const verdict = checkPhrasedReply({ phrased: text, engineReply: reply, rules, toolsUsed });
      if (verdict.ok) return text;
      plan.toolCalls.push({
        conversationId: request.conversationId,
        toolName: 'phrase_reply',
        parameters: { attempt: attempt + 1, ...(speculative ? { speculative } : {}) },
        resultSummary: `phrasing rejected: ${verdict.reasons.join('; ')}`,
        resultType: 'blocked',
        errorMessage: verdict.reasons.join('; '),
        executionTimeMs: 0,
        iteration: plan.toolCalls.length,
        source: 'llm',
      });
      corrections = verdict.reasons;
    }
    return null;
  }

  private async rulesFor(
    catalogue: TurnCatalogue,
    slug: string | null,
  ): Promise<ResponseConstraintRule[]> {
    const category = catalogue.categories.find((candidate) => candidate.slug === slug);
    try {
      return await this.constraints.rulesFor(category?.engine.snapshot.category.id ?? null);
    } catch {
      return [];
    }
  }

  /** Element codes the model may name: the conversation's category, else the customer's kind. */
  private promptElements(
    catalogue: TurnCatalogue,
    input: AgentTurnInput,
    slug: string | null,
  ): { category: string; code: string; name: string }[] {
    const chosen = catalogue.categories.filter((category) => category.slug === slug);
    const categories =
      chosen.length > 0
        ? chosen
        : catalogue.categories.filter(
            (category) => category.clientType === input.customer.clientType,
          );
    return categories
      .flatMap((category) =>
        category.engine.index.activeElements.map((element) => ({
          category: category.slug,
          code: element.code,
          name: element.name,
        })),
      )
      .slice(0, MAX_PROMPT_ELEMENTS);
  }
}
