import { ACTIVE_CASE_STATUSES, CaseStatus } from '../../../cases';
import { categoryBySlug } from '../catalogue';
import { TurnContext } from '../context';
import { MessageView } from '../message';
import { alreadyActive, caseOpened } from '../replies/case';
import { offerDeclined, offerExplained, OFFER_QUESTION } from '../replies/quote';
import { CaseProgress } from '../state';

/** Words that make a "sí" in idle mean "open the case I declined before". */
const OPEN_WORDS =
  /\b(expediente|abre|abreme|abrir|abrelo|abrid|adelante|empezar|empezamos|tramitar|tramitalo)\b/;
const OPEN_REQUEST = /\b(abre|abreme|abrir|abrelo|abrid|abrame)\b.*\bexpediente\b/;

export const hasActiveCase = (ctx: TurnContext): boolean => {
  const active = ctx.input.activeCase;
  return active !== null && ACTIVE_CASE_STATUSES.includes(active.status as CaseStatus);
};

export const newProgress = (categorySlug: string, elementCodes: string[]): CaseProgress => ({
  categorySlug,
  elementCodes,
  elementIndex: 0,
  phase: 'photos',
  fieldValues: {},
  pendingFieldKeys: [],
  baseDocsConfirmed: false,
  personal: {},
  vehicle: {},
  workshop: {},
  skipped: [],
  tallerPropio: null,
  reuseOffered: false,
  editTarget: null,
  correcting: null,
});

/** Opens the case of the current (complete) quote: one case row, one element row per code. */
export const openCase = (ctx: TurnContext): void => {
  const state = ctx.state;
  const quote = state.quote;
  const category = categoryBySlug(ctx.input, quote?.categorySlug);
  if (!quote || !category || quote.items.length === 0 || quote.pendingQuestions.length > 0) {
    ctx.op('open_case', {}, 'blocked', 'no complete quote');
    return;
  }
  if (hasActiveCase(ctx)) {
    const status = ctx.input.activeCase?.status ?? '';
    ctx.op('open_case', { activeCaseId: ctx.input.activeCase?.id }, 'blocked', 'active case');
    ctx.say(alreadyActive(status));
    state.offerPending = false;
    ctx.moveTo('idle');
    return;
  }
  const codes = [...new Set(quote.items.map((item) => item.code))];
  const caseId = ctx.newId('case');
  ctx.effect({
    kind: 'create_case',
    caseId,
    categoryId: category.engine.snapshot.category.id,
    categorySlug: category.slug,
    elementCodes: codes,
    tierId: quote.tier?.id ?? null,
    amount: quote.price,
  });
  for (const code of codes) {
    ctx.effect({
      kind: 'save_element_data',
      caseId,
      elementCode: code,
      status: 'pending_photos',
      fieldValues: {},
    });
  }
  ctx.effect({
    kind: 'update_case',
    caseId,
    patch: { metadata: { current_step: 'collect_element_data', opened_at: ctx.now.toISOString() } },
  });
  state.caseId = caseId;
  state.lastCaseId = caseId;
  state.offerPending = false;
  state.progress = newProgress(category.slug, codes);
  state.imageTarget = { caseId, elementCode: codes[0] ?? null };
  ctx.moveTo('collect_element_data');
  ctx.op('open_case', { caseId, codes, tier: quote.tier?.code ?? null, amount: quote.price });
  ctx.say(caseOpened(codes.length));
};

/** The answer to "¿Quieres que abra el expediente?". */
export const handleOfferAnswer = (ctx: TurnContext, msg: MessageView): boolean => {
  switch (msg.u.confirmation) {
    case 'confirmed':
      openCase(ctx);
      return true;
    case 'rejected':
      ctx.op('decline_offer', {});
      ctx.state.offerPending = false;
      ctx.moveTo('idle');
      ctx.say(offerDeclined);
      return true;
    case 'uncertain':
      // "¿Cuánto cuesta?" is a question for the catalogue answers, not a hesitation.
      if (msg.u.isQuestion && [...msg.u.intents].some((i) => i.endsWith('_question'))) return false;
      ctx.op('answer_question', { topic: 'offer' });
      ctx.say(offerExplained(ctx.state.quote?.price ?? null));
      ctx.ask('offer', OFFER_QUESTION);
      return true;
    default:
      return false;
  }
};

/** In idle, a declined quote can still be accepted with an explicit "ábrelo". */
export const acceptsDeclinedOffer = (ctx: TurnContext, msg: MessageView): boolean =>
  ctx.state.quote !== null &&
  ctx.state.quote.pendingQuestions.length === 0 &&
  ctx.state.quote.items.length > 0 &&
  ((msg.u.confirmation === 'confirmed' && OPEN_WORDS.test(msg.folded)) ||
    OPEN_REQUEST.test(msg.folded));
