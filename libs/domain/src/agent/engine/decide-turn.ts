import { ACTIVE_CASE_STATUSES, CaseStatus } from '../../cases';
import { AgentReply } from '../../streams/chatwoot-contracts';
import { AgentInterpretation, AgentTurnInput, AgentTurnOutput, IMAGE_STEPS } from '../contract';
import { tallyAttachments } from './attachments';
import { conversationCategory } from './questions';
import { TurnContext } from './context';
import { escalate } from './handover';
import {
  interpretationAgrees,
  rememberInterpretation,
  rewriteForInterpretation,
  wantsExampleImages,
} from './interpretation';
import { handleText } from './message-turn';
import {
  caseGone,
  noAudio,
  noFiles,
  noPhotosNeeded,
  photosLater,
  photosReceived,
  photosRefused,
  whenDoneSayListo,
} from './replies/case';
import * as common from './replies/common';
import { nothingRecognised } from './replies/quote';
import { AgentState, cloneState, isCaseStep, MEMORY_LINES, parseAgentState } from './state';
import { quoteCategory } from './steps/quote-text';
import { exampleNames, presentQuote } from './steps/quote';
import { stepPrompt } from './steps/prompt';
import { canTransition } from './transitions';

const remember = (state: AgentState, text: string): void => {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return;
  state.memory.push(line.length > 300 ? `${line.slice(0, 299)}…` : line);
  if (state.memory.length > MEMORY_LINES)
    state.memory.splice(0, state.memory.length - MEMORY_LINES);
};

/** A case closed or cancelled by staff while the bot was collecting: back to idle. */
const dropStaleCase = (ctx: TurnContext): void => {
  const state = ctx.state;
  const active = ctx.input.activeCase;
  if (!state.caseId || !isCaseStep(state.step) || !active || active.id !== state.caseId) return;
  if (ACTIVE_CASE_STATUSES.includes(active.status as CaseStatus)) return;
  ctx.moveTo('idle');
  state.caseId = null;
  state.progress = null;
  state.imageTarget = null;
  state.quote = null;
  ctx.say(caseGone);
};

type Question = { key: string; text: string; asFollowUp: boolean } | null;

const collectingPhotos = (ctx: TurnContext): boolean =>
  IMAGE_STEPS.includes(ctx.state.step) &&
  (ctx.state.step === 'collect_base_docs' || ctx.state.progress?.phase === 'photos');

/**
 * The question closing the reply: the handlers' own, else the step's. A turn that only brought
 * photos gets the short "escribe listo" reminder instead of the whole photo request again.
 */
const closingQuestion = (ctx: TurnContext): Question => {
  if (ctx.question) return ctx.question;
  const prompt = stepPrompt(ctx);
  if (!prompt) return null;
  if (ctx.tally.received > 0 && ctx.notes.length === 0 && collectingPhotos(ctx)) {
    return { key: prompt.key, text: whenDoneSayListo, asFollowUp: false };
  }
  return { ...prompt, asFollowUp: false };
};

/** Photo receipts and attachment notices, said before anything else of the turn. */
const attachmentNotes = (ctx: TurnContext): string[] => {
  const { tally, state } = ctx;
  const notes: string[] = [];
  if (tally.received > 0 || tally.refused.length > 0) {
    const received = tally.received > 0 ? photosReceived(tally.received) : '';
    notes.push(
      tally.refused.length > 0 ? `${received} ${photosRefused(tally.refused)}`.trim() : received,
    );
  }
  if (tally.ignoredImages > 0) notes.push(isCaseStep(state.step) ? noPhotosNeeded : photosLater);
  if (tally.audio > 0) notes.push(noAudio);
  if (tally.files > 0) notes.push(noFiles);
  return notes;
};

const buildReply = (ctx: TurnContext, understood: boolean, question: Question): AgentReply => {
  if (ctx.escalated) return { text: common.handOver, images: [], follow_up: null };
  const attachments = attachmentNotes(ctx);
  const notes = [...attachments, ...ctx.notes];
  if (!understood && attachments.length === 0 && !ctx.welcomed) notes.unshift(common.notUnderstood);
  if (notes.length === 0 && !question) {
    const category = conversationCategory(ctx);
    notes.push(category ? nothingRecognised(exampleNames(category)) : common.askWhatToLegalise);
  }
  const followUp = question?.asFollowUp ? question.text : null;
  const text = [...notes, ...(question && !question.asFollowUp ? [question.text] : [])].join(
    '\n\n',
  );
  return { text, images: [...ctx.images], follow_up: followUp };
};

/** Loop detection on the closing question; true when the conversation must be handed over. */
const loopDetected = (ctx: TurnContext, question: Question): boolean => {
  const state = ctx.state;
  const key = question?.key ?? null;
  if (!key) {
    state.loop = { key: null, count: 0 };
    return false;
  }
  if (key !== state.loop.key || ctx.progressed) state.loop = { key, count: 1 };
  else if (!ctx.answeredSide) state.loop.count += 1;
  return state.loop.count > ctx.input.settings.maxLoopRepeats;
};

/**
 * The model's reading replaces the rule-based one for the turn's last text message; null when
 * it does not fit (that message is then read as written).
 */
const readWithInterpretation = (
  ctx: TurnContext,
  interpretation: AgentInterpretation,
  text: string,
): boolean | null => {
  if (wantsExampleImages(ctx, interpretation)) {
    const category = quoteCategory(ctx);
    const quote = ctx.state.quote;
    if (!category || !quote) return null;
    quote.imagesSent = false;
    presentQuote(ctx, category, true);
    ctx.op('send_example_images', { category: category.slug });
    return true;
  }
  const rewritten = rewriteForInterpretation(ctx, interpretation);
  if (rewritten === null) {
    ctx.op(interpretation.operation, { text }, 'blocked', 'does not fit the conversation');
    return null;
  }
  return handleText(ctx, rewritten);
};

const runTurn = (
  input: AgentTurnInput,
  state: AgentState,
  interpretation: AgentInterpretation | null = null,
): AgentTurnOutput => {
  if (input.handedOver) {
    state.handedOver = true;
    return { state, reply: null, effects: [], understood: true, operations: [] };
  }
  const ctx = new TurnContext(input, state);
  if (state.handedOver) {
    // Staff closed the hand-over: start counting afresh and answer normally.
    state.handedOver = false;
    state.misunderstandings = 0;
    state.loop = { key: null, count: 0 };
    ctx.op('resume_after_handover', {});
  }
  dropStaleCase(ctx);
  let understood = false;
  const lastText = interpretation
    ? [...input.messages].reverse().find((message) => message.text.trim() !== '')
    : undefined;
  for (const message of input.messages) {
    remember(state, message.text);
    tallyAttachments(ctx, message);
    if (ctx.escalated) continue;
    const read =
      interpretation && message === lastText
        ? readWithInterpretation(ctx, interpretation, message.text)
        : null;
    if (read ?? handleText(ctx, message.text)) understood = true;
  }
  if (ctx.tally.received > 0) {
    understood = true;
    ctx.progressed = true;
    ctx.op('confirm_photos', { received: ctx.tally.received, refused: ctx.tally.refused.length });
  }
  if (ctx.tally.refused.length > 0 || ctx.tally.ignoredImages > 0 || ctx.tally.files > 0) {
    understood = true;
  }
  if (!ctx.escalated) {
    if (understood) state.misunderstandings = 0;
    else {
      state.misunderstandings += 1;
      if (state.misunderstandings >= input.settings.maxMisunderstandings) {
        escalate(
          ctx,
          `No he entendido al cliente ${state.misunderstandings} veces seguidas`,
          'auto_escalation',
        );
      }
    }
  }
  const question = ctx.escalated ? null : closingQuestion(ctx);
  if (!ctx.escalated && loopDetected(ctx, question)) {
    escalate(
      ctx,
      `La misma pregunta se ha repetido ${state.loop.count} veces sin avanzar`,
      'auto_escalation',
    );
  }
  if (ctx.escalated) {
    state.misunderstandings = 0;
    state.loop = { key: null, count: 0 };
  }
  const reply = buildReply(ctx, understood || ctx.escalated, question);
  for (let i = 1; i < ctx.path.length; i += 1) {
    const from = ctx.path[i - 1];
    const to = ctx.path[i];
    if (!from || !to || !canTransition(from, to)) throw new Error(`bad path ${ctx.path.join('>')}`);
  }
  return { state, reply, effects: ctx.effects, understood, operations: ctx.operations };
};

/** A failed turn keeps the previous state, counts as not understood and apologises. */
const failedTurn = (
  input: AgentTurnInput,
  previous: AgentState,
  error: unknown,
): AgentTurnOutput => {
  const state = cloneState(previous);
  const detail = error instanceof Error ? error.message : String(error);
  state.errors += 1;
  state.misunderstandings += 1;
  for (const message of input.messages) remember(state, message.text);
  const operations: AgentTurnOutput['operations'] = [
    { name: 'engine_error', params: {}, outcome: 'error', detail },
  ];
  if (state.misunderstandings >= input.settings.maxMisunderstandings) {
    state.handedOver = true;
    state.misunderstandings = 0;
    operations.push({ name: 'escalate', params: { source: 'error' }, outcome: 'success' });
    return {
      state,
      reply: { text: common.handOver, images: [], follow_up: null },
      effects: [
        {
          kind: 'escalate',
          reason: `Error técnico repetido del asistente: ${detail}`,
          source: 'error',
          priority: 'high',
          transcript: state.memory.slice(-6),
        },
      ],
      understood: false,
      operations,
    };
  }
  return {
    state,
    reply: { text: common.technicalProblem, images: [], follow_up: null },
    effects: [],
    understood: false,
    operations,
  };
};

/**
 * Decides one turn of the customer conversation: pure, deterministic given the input, never
 * throws. Step changes follow TRANSITIONS; a turn that would break them is answered safely.
 */
export function decideTurn(input: AgentTurnInput): AgentTurnOutput {
  const previous = parseAgentState(input.state);
  try {
    const interpretation = input.interpretation ?? null;
    const plain = runTurn(input, cloneState(previous));
    if (!interpretation) return plain;
    // The model's reading counts only where it differs from the rules' (they agree most often).
    const output = interpretationAgrees(interpretation, plain.operations)
      ? plain
      : runTurn(input, cloneState(previous), interpretation);
    rememberInterpretation((output.state as AgentState).llmCalls, interpretation);
    return output;
  } catch (error) {
    return failedTurn(input, previous, error);
  }
}
