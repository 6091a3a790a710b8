import { foldText } from '../../catalogue';
import { offeredCategories } from './catalogue';
import { TurnContext } from './context';
import { escalate } from './handover';
import { MessageView } from './message';
import {
  CaseFieldKey,
  detectFieldByShape,
  fieldDef,
  isCaseFieldKey,
  understand,
  validateField,
} from './nlu';
import { answerSideQuestions } from './questions';
import { askCancel, cancelKept, cancelled } from './replies/case';
import * as common from './replies/common';
import { capitalise } from './replies/sections';
import { forgetCase, isCaseStep } from './state';
import { handleBaseDocsMessage } from './steps/base-docs';
import { handleElementMessage } from './steps/element-data';
import { handleElementEdit, namesCaseElement } from './steps/element-edit';
import { acceptsDeclinedOffer, handleOfferAnswer, openCase } from './steps/offer';
import { handleQuoteMessage } from './steps/quote';
import { handleReviewMessage } from './steps/review';
import {
  finishSection,
  handleSectionMessage,
  missingKeys,
  saveSectionValues,
  SECTION_OF_STEP,
} from './steps/sections';

const SOCIAL = new Set(['greeting', 'thanks', 'goodbye', 'chitchat']);
export const MAX_MESSAGE_CHARS = 1000;

/** Ends the case at the customer's request (after "¿seguro?"). */
const cancelCase = (ctx: TurnContext): void => {
  const state = ctx.state;
  if (state.caseId) {
    ctx.effect({ kind: 'cancel_case', caseId: state.caseId, reason: 'Cancelado por el cliente' });
    ctx.op('cancel_case', { caseId: state.caseId });
  }
  ctx.moveTo('idle');
  forgetCase(state);
  ctx.say(cancelled);
};

/** Validates and stores one corrected case field, then closes its section if complete. */
const storeCorrection = (ctx: TurnContext, key: CaseFieldKey, raw: string): void => {
  const progress = ctx.state.progress;
  if (!progress) return;
  const def = fieldDef(key);
  const checked = validateField(def.key, raw, ctx.now);
  if (!checked.ok) {
    ctx.say(checked.error);
    ctx.op('correct_field', { field: def.key }, 'error', checked.error);
    return;
  }
  progress.correcting = null;
  saveSectionValues(ctx, def.section, { [def.key]: checked.value });
  ctx.op('correct_field', { field: def.key });
  ctx.say(`Corregido ✅ ${capitalise(def.label)}: ${String(checked.value)}`);
  const step = ctx.state.step;
  if (
    SECTION_OF_STEP[step] === def.section &&
    missingKeys(progress, def.section).length === 0 &&
    !progress.editTarget &&
    (step === 'collect_personal' || step === 'collect_vehicle' || step === 'collect_workshop')
  ) {
    finishSection(ctx, step);
  }
};

/**
 * "Me equivoqué, la matrícula es …": fixes the named field only, a reform's own data first
 * (steps/element-edit) and then the case fields. A field named without a value is asked for,
 * and the next message is read as that value.
 */
const applyCorrection = (ctx: TurnContext, msg: MessageView): boolean => {
  const progress = ctx.state.progress;
  if (!progress) return false;
  if (handleElementEdit(ctx, msg)) return true;
  if (progress.correcting && isCaseFieldKey(progress.correcting) && !msg.u.isQuestion) {
    const key = progress.correcting;
    progress.correcting = null;
    storeCorrection(ctx, key, msg.text);
    return true;
  }
  const correction = msg.u.correction;
  if (!correction) return false;
  // "La marca del escape" is about a reform: never stored as the vehicle's brand.
  if (namesCaseElement(ctx, msg)) return false;
  const key = correction.field ?? (correction.value ? detectFieldByShape(correction.value) : null);
  if (!key || !isCaseFieldKey(key)) return false;
  const def = fieldDef(key);
  if (def.section === 'workshop' && progress.tallerPropio !== true) return false;
  if (!correction.value) {
    progress.correcting = key;
    ctx.ask(`correct:${key}`, def.ask);
    return true;
  }
  storeCorrection(ctx, key, correction.value);
  return true;
};

/** true/`quoted`/`asked`: handled; `unrecognised`: a request naming nothing known. */
type StepResult = boolean | 'quoted' | 'asked' | 'unrecognised';

const handleStep = (ctx: TurnContext, msg: MessageView): StepResult => {
  const state = ctx.state;
  switch (state.step) {
    case 'idle':
      if (acceptsDeclinedOffer(ctx, msg)) {
        openCase(ctx);
        return true;
      }
      return quoteOutcome(ctx, msg);
    case 'quoting':
      return quoteOutcome(ctx, msg);
    case 'offer_made': {
      const outcome = quoteOutcome(ctx, msg);
      if (outcome === 'quoted') return outcome;
      return handleOfferAnswer(ctx, msg) || outcome;
    }
    case 'collect_element_data':
      return handleElementMessage(ctx, msg);
    case 'collect_base_docs':
      return handleBaseDocsMessage(ctx, msg);
    case 'collect_personal':
    case 'collect_vehicle':
    case 'collect_workshop': {
      const section = SECTION_OF_STEP[state.step];
      return section ? handleSectionMessage(ctx, msg, section) : false;
    }
    case 'review_summary':
      return handleReviewMessage(ctx, msg);
    default:
      return false;
  }
};

const quoteOutcome = (ctx: TurnContext, msg: MessageView): StepResult => {
  const outcome = handleQuoteMessage(ctx, msg);
  return outcome === 'none' ? false : outcome;
};

/** The welcome of a first contact, before anything else said this turn. */
const welcomeOnce = (ctx: TurnContext, quoteGiven: boolean): void => {
  const state = ctx.state;
  if (state.greeted) return;
  state.greeted = true;
  const offered = offeredCategories(ctx.input);
  const text = quoteGiven
    ? '¡Hola! 👋 Somos *MSI Automotive*, especialistas en homologación de reformas.'
    : common.welcome(
        offered.map((c) => c.name),
        offered.length > 1 && !state.categorySlug,
      );
  ctx.notes.unshift(text);
  ctx.welcomed = true;
};

/**
 * One customer text of the turn: pending cancellation, hand-over request, cancel/restart,
 * then the step's handler and side questions in the order that suits the step.
 * Returns whether anything in it was understood.
 */
export const handleText = (ctx: TurnContext, text: string): boolean => {
  const state = ctx.state;
  // Matching cost grows with length; nothing a customer types for this needs more.
  const trimmed = text.trim().slice(0, MAX_MESSAGE_CHARS);
  if (!trimmed) return false;
  const u = understand(trimmed);
  const msg: MessageView = { text: trimmed, folded: foldText(trimmed), u };
  const intents = u.intents;

  if (state.cancelPending) {
    state.cancelPending = false;
    if (u.confirmation === 'confirmed') {
      cancelCase(ctx);
      return true;
    }
    if (u.confirmation === 'rejected') {
      ctx.say(cancelKept);
      return true;
    }
  }
  if (intents.has('human')) {
    escalate(ctx, 'El cliente pide hablar con una persona', 'tool_call');
    return true;
  }
  if (intents.has('cancel') || intents.has('restart')) {
    if (isCaseStep(state.step) && state.caseId) {
      state.cancelPending = true;
      ctx.ask('cancel_confirm', askCancel);
      return true;
    }
    if (state.quote || intents.has('restart')) {
      state.quote = null;
      state.offerPending = false;
      state.pendingQuoteText = null;
      ctx.moveTo('idle');
      ctx.op('reset_quote', {});
      ctx.say('Hecho, empezamos de cero.');
      ctx.ask('quote_request', common.askWhatToLegalise);
      return true;
    }
  }

  const social =
    intents.size > 0 && u.confirmation === null && [...intents].every((i) => SOCIAL.has(i));
  const short = msg.folded.split(' ').length <= 4;
  const quoteStep =
    state.step === 'idle' || state.step === 'quoting' || state.step === 'offer_made';
  let understood = intents.size > 0 || u.confirmation !== null;
  let stepResult: StepResult = false;

  if (isCaseStep(state.step) && applyCorrection(ctx, msg)) return true;
  if (quoteStep) {
    if (!(social && short)) stepResult = handleStep(ctx, msg);
    // A quote, or a question back about it ("¿para qué vehículo?"), already covers the price.
    const priceCovered = stepResult === 'quoted' || stepResult === 'asked';
    if (answerSideQuestions(ctx, msg, stepResult === 'quoted', priceCovered)) understood = true;
  } else {
    const side = answerSideQuestions(ctx, msg, false);
    if (side) understood = true;
    else if (!(social && short)) stepResult = handleStep(ctx, msg);
  }
  const handled = stepResult === true || stepResult === 'quoted' || stepResult === 'asked';
  if (handled) understood = true;
  if (stepResult === 'unrecognised') understood = intents.size > 0 && !intents.has('chitchat');

  const quoted = stepResult === 'quoted';
  if (!state.greeted && (intents.has('greeting') || quoteStep)) {
    welcomeOnce(ctx, quoted);
  } else if (intents.has('greeting') && social) ctx.say(common.hello);
  if (intents.has('thanks') && !handled) ctx.say(common.thanks);
  if (intents.has('goodbye') && !handled) ctx.say(common.goodbye);
  return understood;
};
