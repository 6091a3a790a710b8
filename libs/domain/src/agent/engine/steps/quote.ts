import { foldText, MatchResult } from '../../../catalogue';
import {
  categoriesNamedIn,
  Category,
  matchStrength,
  namesUnofferedVehicle,
  offeredCategories,
} from '../catalogue';
import { TurnContext } from '../context';
import { MessageView } from '../message';
import { absoluteUrl, quoteBack } from '../replies/format';
import {
  askVehicle,
  nothingRecognised,
  OFFER_QUESTION,
  priceRepeat,
  quoteReply,
  quoteUnchanged,
  unofferedVehicle,
  unrecognisedTerms,
  variantQuestionText,
} from '../replies/quote';
import { PendingVariantQuestion, QuoteState } from '../state';
import {
  chooseCategory,
  cleanQuoteText,
  quoteCategory,
  REPLACE_WORDS,
  REQUEST_HINT,
} from './quote-text';
import { AMBIGUITY_PREFIX, resolveVariantAnswer } from './variants';

/**
 * Intents the side answers take care of (documents, timing, status…). A price question naming
 * an unknown reform is not one of them: the unknown words are worth pointing out.
 */
const asksSomethingElse = (msg: MessageView): boolean =>
  [...msg.u.intents].some(
    (intent) =>
      (intent.endsWith('_question') && intent !== 'price_question') ||
      intent === 'status' ||
      intent === 'why',
  );

/** `quoted`: a quote or variant question was given; `asked`: understood, only a question back. */
export type QuoteOutcome = 'quoted' | 'asked' | 'unrecognised' | 'none';

const questionsOf = (match: MatchResult): PendingVariantQuestion[] => [
  ...match.variantQuestions.map((q) => ({
    baseCode: q.baseCode,
    baseName: q.baseName,
    question: q.question,
    options: q.options,
    multiSelectKeywords: q.multiSelectKeywords,
  })),
  ...match.ambiguities.map((a) => ({
    baseCode: `${AMBIGUITY_PREFIX}${a.terms.join(' ')}`,
    baseName: a.terms.join(' '),
    question: `Con «${a.terms.join(' ')}», ¿te refieres a ${a.candidates.map((c) => c.name).join(' o a ')}?`,
    options: a.candidates.map((c) => ({ code: c.code, name: c.name })),
    multiSelectKeywords: [],
  })),
];

const signature = (quote: QuoteState | null): string =>
  (quote?.items ?? [])
    .map((item) => `${item.code}x${item.quantity}`)
    .sort()
    .join(',');

/** Prices the quote's items and presents it (images only once per distinct quote). */
export const presentQuote = (ctx: TurnContext, category: Category, changed: boolean): void => {
  const quote = ctx.state.quote;
  if (!quote) return;
  const result = category.engine.quote(quote.items);
  if (result.elements.length === 0) {
    ctx.state.quote = null;
    ctx.moveTo('idle');
    return;
  }
  quote.tier = result.tier
    ? { id: result.tier.id, code: result.tier.code, name: result.tier.name }
    : null;
  quote.price = result.price;
  ctx.op('calculate_quote', {
    category: category.slug,
    codes: quote.items.map((i) => i.code),
    tier: result.tier?.code ?? null,
    price: result.price,
  });
  if (!changed && quote.imagesSent) {
    ctx.say(
      `${quoteUnchanged} ${priceRepeat(
        result.elements.map((e) => e.name),
        result.price,
        result.tier?.name ?? null,
      )}`,
    );
  } else {
    ctx.say(quoteReply(result, category.engine));
    if (!quote.imagesSent) {
      for (const image of result.sendableImages) {
        ctx.images.push({
          url: absoluteUrl(image.url, ctx.input.settings.publicBaseUrl),
          description: image.title ?? image.description ?? null,
        });
      }
      quote.imagesSent = true;
    }
  }
  ctx.state.offerPending = true;
  ctx.moveTo('offer_made');
  ctx.ask('offer', OFFER_QUESTION, true);
};

/** Answers to the open variant questions; true when at least one was resolved. */
const answerPendingQuestions = (ctx: TurnContext, msg: MessageView): boolean => {
  const quote = ctx.state.quote;
  const category = quoteCategory(ctx);
  if (!quote || !category || quote.pendingQuestions.length === 0) return false;
  let resolved = false;
  for (const question of [...quote.pendingQuestions]) {
    const codes = resolveVariantAnswer(category.engine, question, msg.text, msg.u.confirmation);
    if (!codes) continue;
    resolved = true;
    quote.pendingQuestions = quote.pendingQuestions.filter((q) => q !== question);
    for (const code of codes) {
      if (!quote.items.some((item) => item.code === code)) quote.items.push({ code, quantity: 1 });
    }
    ctx.op('select_variant', { base: question.baseCode, codes });
  }
  if (!resolved) return false;
  quote.imagesSent = false;
  if (quote.pendingQuestions.length > 0) {
    ctx.ask(
      `variant:${quote.pendingQuestions[0]?.baseCode}`,
      variantQuestionText(quote.pendingQuestions),
    );
  } else {
    presentQuote(ctx, category, true);
  }
  return true;
};

/**
 * A message in idle / quoting / offer_made read as a quote request: elements are accumulated
 * across messages ("también el escape"), "solo …" replaces them, "sin/menos …" removes them.
 */
export const handleQuoteMessage = (ctx: TurnContext, msg: MessageView): QuoteOutcome => {
  if (answerPendingQuestions(ctx, msg)) return 'quoted';
  const state = ctx.state;
  const offered = offeredCategories(ctx.input);
  if (namesUnofferedVehicle(msg.folded, offered)) {
    ctx.say(unofferedVehicle(offered.map((c) => c.name)));
    return 'asked';
  }
  let text = msg.text;
  if (state.pendingQuoteText && !state.quote) text = `${state.pendingQuoteText}. ${msg.text}`;
  const clean = cleanQuoteText(text);
  const category = chooseCategory(ctx, msg, clean);
  if (!category) {
    const anything = offered.some((c) => matchStrength(c, clean) > 0);
    if (!anything) return 'none';
    state.pendingQuoteText = quoteBack(text, 300);
    ctx.ask('vehicle_type', askVehicle(offered.map((c) => c.name)));
    return 'asked';
  }
  const { match } = category.engine.quoteText(clean);
  const named = categoriesNamedIn(msg.folded, offered).length > 0;
  const nothing =
    match.elements.length === 0 &&
    match.variantQuestions.length === 0 &&
    match.ambiguities.length === 0 &&
    match.excluded.length === 0;
  if (nothing) {
    // "¿Qué documentación necesito?" is a question for the side answers, not an unknown reform.
    if (asksSomethingElse(msg) || (msg.u.intents.has('price_question') && state.quote)) {
      return 'none';
    }
    if (match.unmatchedTerms.length > 0 && REQUEST_HINT.test(foldText(msg.text))) {
      ctx.op(
        'identify_elements',
        { category: category.slug, terms: match.unmatchedTerms },
        'error',
      );
      ctx.ask('quote_request', unrecognisedTerms(match.unmatchedTerms.slice(0, 3)));
      return 'unrecognised';
    }
    if (named && !state.quote) {
      ctx.ask('quote_request', nothingRecognised(exampleNames(category)));
      return 'asked';
    }
    return 'none';
  }
  state.pendingQuoteText = null;
  state.categorySlug = category.slug;

  const previous = state.quote && state.quote.categorySlug === category.slug ? state.quote : null;
  const before = signature(previous);
  const replace = previous !== null && REPLACE_WORDS.test(foldText(msg.text));
  const items = replace || !previous ? [] : previous.items.map((item) => ({ ...item }));
  const pending = replace || !previous ? [] : [...previous.pendingQuestions];
  const index = category.engine.index;
  for (const excluded of match.excluded) {
    const base = index.byCode.get(excluded.code);
    for (let i = items.length - 1; i >= 0; i -= 1) {
      const element = index.byCode.get(items[i]?.code ?? '');
      if (element && base && (element === base || index.isAncestor(base, element))) {
        items.splice(i, 1);
      }
    }
  }
  for (const element of match.elements) {
    const existing = items.find((item) => item.code === element.code);
    if (existing) existing.quantity = Math.max(existing.quantity, element.quantity);
    else items.push({ code: element.code, quantity: element.quantity });
  }
  // A question is answered once a variant it offers is among the items ("el faro y el piloto"
  // while "¿qué tipo de luces?" is open), whether it was asked before or comes up now.
  const answered = (question: PendingVariantQuestion): boolean => {
    const base = index.byCode.get(question.baseCode);
    return items.some((item) => {
      const element = index.byCode.get(item.code);
      if (question.options.some((option) => option.code === item.code)) return true;
      return Boolean(base && element && index.isAncestor(base, element));
    });
  };
  for (let i = pending.length - 1; i >= 0; i -= 1) {
    const question = pending[i];
    if (question && answered(question)) pending.splice(i, 1);
  }
  for (const question of questionsOf(match)) {
    if (!answered(question) && !pending.some((q) => q.baseCode === question.baseCode)) {
      pending.push(question);
    }
  }
  ctx.op('identify_elements', {
    category: category.slug,
    codes: match.elements.map((e) => e.code),
    questions: pending.map((q) => q.baseCode),
    excluded: match.excluded.map((e) => e.code),
    unmatched: match.unmatchedTerms,
  });
  const quote: QuoteState = {
    categorySlug: category.slug,
    items,
    pendingQuestions: pending,
    tier: previous?.tier ?? null,
    price: previous?.price ?? null,
    imagesSent: previous?.imagesSent ?? false,
  };
  const changed = signature(quote) !== before;
  if (changed) quote.imagesSent = false;
  state.quote = quote;

  const unknown = match.unmatchedTerms.filter((term) => term.length >= 4);
  if (unknown.length > 0 && (items.length > 0 || pending.length > 0)) {
    ctx.say(unrecognisedTerms(unknown.slice(0, 3)));
  }
  if (items.length === 0 && pending.length === 0) {
    state.quote = null;
    state.offerPending = false;
    ctx.moveTo('idle');
    ctx.ask('quote_request', nothingRecognised(exampleNames(category)));
    return 'quoted';
  }
  if (pending.length > 0) {
    ctx.moveTo('quoting');
    ctx.ask(`variant:${pending[0]?.baseCode}`, variantQuestionText(pending));
    return 'quoted';
  }
  presentQuote(ctx, category, changed);
  return 'quoted';
};

/** A few element names of the category, as examples for the customer. */
export const exampleNames = (category: Category): string[] =>
  category.engine.index.activeElements
    .filter((element) => !element.parent)
    .slice(0, 3)
    .map((element) => element.name.split(' / ')[0]?.toLowerCase() ?? element.name);

/** "¿Cuánto era?": the current price again, without images. */
export const repeatPrice = (ctx: TurnContext): boolean => {
  const quote = ctx.state.quote;
  const category = quoteCategory(ctx);
  if (!quote || !category || quote.items.length === 0 || quote.pendingQuestions.length > 0) {
    return false;
  }
  const result = category.engine.quote(quote.items);
  ctx.say(
    priceRepeat(
      result.elements.map((e) => e.name),
      result.price,
      result.tier?.name ?? null,
    ),
  );
  return true;
};

export { OFFER_QUESTION };
