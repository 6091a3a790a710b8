import { foldText, stem, STOPWORDS, tokenize } from '../../catalogue';
import { AgentStep } from '../contract';
import {
  Category,
  categoryBySlug,
  offeredCategories,
  urgentService,
  workshopCertificate,
} from './catalogue';
import { TurnContext } from './context';
import { MessageView } from './message';
import { fieldDef, findFieldBySynonym, isCaseFieldKey } from './nlu';
import { statusName } from './replies/case';
import * as common from './replies/common';
import { bullets, euros, joinAnd } from './replies/format';
import { currentElement } from './steps/element-data';
import { repeatPrice } from './steps/quote';
import { missingKeys, SECTION_OF_STEP } from './steps/sections';

/** The category the conversation is about, if any. */
export const conversationCategory = (ctx: TurnContext): Category | null => {
  const state = ctx.state;
  const known =
    categoryBySlug(ctx.input, state.progress?.categorySlug) ??
    categoryBySlug(ctx.input, state.quote?.categorySlug) ??
    categoryBySlug(ctx.input, state.categorySlug);
  if (known) return known;
  const offered = offeredCategories(ctx.input);
  return offered.length === 1 ? (offered[0] ?? null) : null;
};

const STEP_PENDING: Partial<Record<AgentStep, string>> = {
  collect_base_docs: 'la documentación del vehículo (ficha técnica y permiso)',
  collect_personal: 'tus datos personales',
  collect_vehicle: 'los datos del vehículo',
  collect_workshop: 'los datos del taller',
  review_summary: 'que revises el resumen y lo confirmes',
};

const statusAnswer = (ctx: TurnContext): string => {
  const state = ctx.state;
  const active = ctx.input.activeCase;
  if (state.caseId) {
    const status = active && active.id === state.caseId ? statusName(active.status) : 'abierto';
    let pending = STEP_PENDING[state.step] ?? '';
    if (state.step === 'collect_element_data') {
      const element = currentElement(ctx);
      const phase = state.progress?.phase === 'photos' ? 'las fotos' : 'los datos';
      pending = element ? `${phase} de ${element.name}` : 'las fotos y datos de las reformas';
    }
    return `Tu expediente está ${status}. Ahora mismo me falta ${pending}.`;
  }
  if (active) {
    return `Tu expediente está *${statusName(active.status)}*. Si hay novedades te escribiremos por aquí.`;
  }
  return 'Ahora mismo no tienes ningún expediente abierto conmigo.';
};

const whyAnswer = (ctx: TurnContext, text: string): string => {
  const state = ctx.state;
  const named = findFieldBySynonym(text);
  if (named && state.step !== 'collect_element_data') return fieldDef(named).why;
  const section = SECTION_OF_STEP[state.step];
  if (section && state.progress) {
    const key = missingKeys(state.progress, section)[0];
    if (key && isCaseFieldKey(key)) return fieldDef(key).why;
  }
  if (state.step === 'collect_element_data') {
    const element = currentElement(ctx);
    if (state.progress?.phase === 'photos') {
      return 'Con las fotos el ingeniero comprueba la pieza montada y que es la del vehículo (por eso la matrícula).';
    }
    // The catalogue's field instructions are written for the agent, never shown as a reason.
    const key = state.progress?.pendingFieldKeys[0];
    const field = element?.fields.find((f) => f.fieldKey === key);
    if (!element || !field) return common.whyGeneric;
    const label = field.fieldLabel
      .replace(/^¿|\?$/g, '')
      .trim()
      .toLowerCase();
    return `El ingeniero necesita ese dato (${label}) de *${element.name}* para el informe técnico de la reforma que se presenta en la ITV.`;
  }
  if (state.step === 'collect_base_docs') {
    return 'La ficha técnica y el permiso de circulación identifican el vehículo ante Industria y la ITV.';
  }
  return common.whyGeneric;
};

const documentsAnswer = (category: Category | null): string => {
  const docs = category?.engine.snapshot.baseDocumentation ?? [];
  return docs.length > 0
    ? `Necesitamos:\n${bullets(docs.map((d) => d.description))}\nAdemás, fotos de cada reforma (te las pido al abrir el expediente).`
    : 'Necesitamos la ficha técnica (ambas caras), el permiso de circulación y fotos de cada reforma.';
};

const servicesAnswer = (category: Category | null): string => {
  const services = category?.engine.snapshot.additionalServices.filter((s) => s.isActive) ?? [];
  if (services.length === 0) return 'Ahora mismo no hay servicios adicionales para esta categoría.';
  return `Servicios adicionales:\n${bullets(services.map((s) => `${s.name}: ${euros(s.price)}`))}`;
};

const workshopAnswer = (category: Category | null): string => {
  const cert = category ? workshopCertificate(category.engine) : null;
  return `El certificado del taller lo firma el taller que monta la reforma y no está incluido en el presupuesto.${cert ? ` Si no tienes taller, el de nuestro taller concertado cuesta ${euros(cert.price)}.` : ''}`;
};

const includedAnswer = (ctx: TurnContext, category: Category | null): string => {
  const quote = ctx.state.quote;
  if (!quote || !category || quote.items.length === 0) {
    return 'El presupuesto incluye el proyecto o informe técnico y la tramitación de la homologación. Dime qué reformas quieres y te digo el precio.';
  }
  const result = category.engine.quote(quote.items);
  const conditions = result.tier?.conditions ?? result.tier?.description;
  return `Incluye la homologación de ${joinAnd(result.elements.map((e) => e.name))}${conditions ? ` (${conditions})` : ''}. El certificado del taller va aparte.`;
};

/** Staff-edited category text that answers a question by shared content words. */
const promptSectionAnswer = (category: Category | null, folded: string): string | null => {
  if (!category) return null;
  const words = new Set(
    tokenize(folded)
      .filter((w) => w.length >= 4 && !STOPWORDS.has(w))
      .map(stem),
  );
  if (words.size === 0) return null;
  let best: { text: string; score: number } | null = null;
  for (const section of category.promptSections) {
    for (const paragraph of section.content.split(/\n\s*\n|\n(?=[-•*])/)) {
      const text = paragraph.trim();
      if (text.length < 10) continue;
      const stems = new Set(tokenize(foldText(text)).map(stem));
      const score = [...words].filter((w) => stems.has(w)).length;
      if (score >= 2 && (!best || score > best.score)) best = { text, score };
    }
  }
  return best ? (best.text.length > 500 ? `${best.text.slice(0, 499)}…` : best.text) : null;
};

/**
 * Questions answered from the state and the catalogue, anywhere in the conversation.
 * Returns true when something was answered (the caller then re-asks the current step).
 */
export const answerSideQuestions = (
  ctx: TurnContext,
  msg: MessageView,
  quoteShown: boolean,
  priceCovered = quoteShown,
): boolean => {
  const intents = msg.u.intents;
  const category = conversationCategory(ctx);
  const answered: string[] = [];
  const answer = (topic: string, text: string): void => {
    answered.push(topic);
    ctx.say(text);
  };
  if (intents.has('status')) answer('status', statusAnswer(ctx));
  if (intents.has('why')) answer('why', whyAnswer(ctx, msg.text));
  if (intents.has('price_question') && !priceCovered) {
    if (repeatPrice(ctx)) answered.push('price');
    else if (category)
      answer(
        'price',
        `Los precios van por tarifa según las reformas (desde ${euros(Math.min(...category.engine.snapshot.tiers.filter((t) => t.isActive).map((t) => t.price)))}). ${common.askWhatToLegalise}`,
      );
  }
  if (intents.has('included_question') && !quoteShown)
    answer('included', includedAnswer(ctx, category));
  // "¿Por qué necesitáis el DNI?" asks for a reason, not for the document list.
  if (intents.has('documents_question') && !intents.has('why')) {
    answer('documents', documentsAnswer(category));
  }
  if (intents.has('services_question')) answer('services', servicesAnswer(category));
  const choosingWorkshop =
    ctx.state.step === 'collect_workshop' && ctx.state.progress?.tallerPropio === null;
  if (intents.has('workshop_question') || (choosingWorkshop && msg.u.isQuestion)) {
    answer('workshop', workshopAnswer(category));
  }
  if (intents.has('timing_question')) {
    const urgent = category ? urgentService(category.engine) : null;
    answer(
      'timing',
      common.timing(urgent ? `${urgent.name.toLowerCase()} (${euros(urgent.price)})` : null),
    );
  }
  if (answered.length === 0 && msg.u.isQuestion && !quoteShown) {
    const text = promptSectionAnswer(category, msg.folded);
    if (text) answer('catalogue_text', text);
  }
  if (answered.length === 0 && intents.has('chitchat')) answer('chitchat', common.chitchat);
  if (answered.length === 0) return false;
  ctx.answeredSide = true;
  ctx.op('answer_question', { topics: answered });
  return true;
};
