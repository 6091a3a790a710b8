import { QuoteEngine, SnapshotRequiredField } from '../../../catalogue';
import { categoryBySlug } from '../catalogue';
import { TurnContext } from '../context';
import { fieldsToAsk, pendingElementFields, readFieldAnswers } from '../element-fields';
import { MessageView } from '../message';
import { isCompletion } from '../nlu';
import {
  elementDone,
  elementPhotosPrompt,
  fieldsPrompt,
  noPhotosAvailable,
  noPhotosYet,
} from '../replies/case';
import { CaseProgress } from '../state';
import { enterStep } from './sections';

export interface CurrentElement {
  code: string;
  name: string;
  engine: QuoteEngine;
  fields: SnapshotRequiredField[];
}

export const currentElement = (ctx: TurnContext): CurrentElement | null => {
  const progress = ctx.state.progress;
  if (!progress) return null;
  const code = progress.elementCodes[progress.elementIndex];
  const category = categoryBySlug(ctx.input, progress.categorySlug);
  if (!code || !category) return null;
  const element = category.engine.index.byCode.get(code);
  return {
    code,
    name: element?.name ?? code,
    engine: category.engine,
    fields: element ? element.source.requiredFields.filter((field) => field.isActive) : [],
  };
};

const valuesOf = (progress: CaseProgress, code: string): CaseProgress['fieldValues'][string] =>
  (progress.fieldValues[code] ??= {});

/** Photos of an element stored so far, from the case facts (the worker's count wins). */
export const photosOf = (ctx: TurnContext, code: string | null): number => {
  const active = ctx.input.activeCase;
  const fromCase =
    active && active.id === ctx.state.caseId
      ? code === null
        ? active.baseDocImages
        : (active.imagesByElement[code] ?? 0)
      : null;
  return fromCase ?? ctx.state.photosConfirmed[code ?? 'base'] ?? 0;
};

/**
 * Moves past the current element: the next one's photos, or the base documentation; back to
 * the summary when the element was reopened from it.
 */
const nextElement = (ctx: TurnContext, current: CurrentElement): void => {
  const state = ctx.state;
  const progress = state.progress;
  if (!progress || !state.caseId) return;
  ctx.say(elementDone(current.name));
  progress.phase = 'photos';
  progress.pendingFieldKeys = [];
  if (progress.editTarget === 'collect_element_data') {
    progress.editTarget = null;
    progress.elementIndex = progress.elementCodes.length;
    enterStep(ctx, 'review_summary');
    return;
  }
  progress.elementIndex += 1;
  const next = progress.elementCodes[progress.elementIndex];
  if (next) {
    state.imageTarget = { caseId: state.caseId, elementCode: next };
    return;
  }
  state.imageTarget = { caseId: state.caseId, elementCode: null };
  ctx.effect({
    kind: 'update_case',
    caseId: state.caseId,
    patch: { metadata: { current_step: 'collect_base_docs' } },
  });
  ctx.moveTo('collect_base_docs');
};

/** Closes the element when nothing is pending (data saved as completed), else keeps asking. */
const settleElement = (
  ctx: TurnContext,
  current: CurrentElement,
  saved: Record<string, string | number | boolean>,
): void => {
  const progress = ctx.state.progress;
  const caseId = ctx.state.caseId;
  if (!progress || !caseId) return;
  const pending = pendingElementFields(current.fields, valuesOf(progress, current.code));
  const done = pending.length === 0;
  if (done || Object.keys(saved).length > 0) {
    ctx.effect({
      kind: 'save_element_data',
      caseId,
      elementCode: current.code,
      status: done ? 'completed' : 'pending_data',
      fieldValues: saved,
    });
  }
  if (done) nextElement(ctx, current);
};

/** After a field of the current element was corrected: closes it when nothing is pending. */
export const settleCurrentElement = (ctx: TurnContext): void => {
  const current = currentElement(ctx);
  const progress = ctx.state.progress;
  if (ctx.state.step !== 'collect_element_data' || !current || progress?.phase !== 'data') return;
  if (pendingElementFields(current.fields, valuesOf(progress, current.code)).length === 0) {
    settleElement(ctx, current, {});
  }
};

/** "No tengo fotos": answered (and counted by the loop detector), never skipped. */
export const NO_PHOTOS =
  /\b(no (tengo|puedo|las tengo|dispongo)|sin) (\w+ )?fotos?\b|\bno tengo\b$/;

const handlePhotos = (ctx: TurnContext, msg: MessageView, current: CurrentElement): boolean => {
  const progress = ctx.state.progress;
  if (!progress) return false;
  if (NO_PHOTOS.test(msg.folded)) {
    ctx.op('confirm_photos', { element: current.code }, 'blocked', 'customer has no photos');
    ctx.say(noPhotosAvailable(current.name));
    return true;
  }
  if (!isCompletion(msg.text)) return false;
  const count = photosOf(ctx, current.code);
  if (count === 0) {
    ctx.op('confirm_photos', { element: current.code, count }, 'blocked', 'no photos');
    ctx.say(noPhotosYet(current.name));
    return true;
  }
  ctx.op('confirm_photos', { element: current.code, count });
  progress.phase = 'data';
  progress.pendingFieldKeys = [];
  if (pendingElementFields(current.fields, valuesOf(progress, current.code)).length === 0) {
    settleElement(ctx, current, {});
  } else if (ctx.state.caseId) {
    ctx.effect({
      kind: 'save_element_data',
      caseId: ctx.state.caseId,
      elementCode: current.code,
      status: 'pending_data',
      fieldValues: {},
    });
  }
  return true;
};

const handleData = (ctx: TurnContext, msg: MessageView, current: CurrentElement): boolean => {
  const progress = ctx.state.progress;
  if (!progress || msg.text.trim() === '' || isCompletion(msg.text)) return false;
  const values = valuesOf(progress, current.code);
  const pending = pendingElementFields(current.fields, values);
  const askedKeys = new Set(progress.pendingFieldKeys);
  const asked = pending.filter((field) => askedKeys.has(field.fieldKey));
  const target = asked.length > 0 ? asked : fieldsToAsk(pending);
  if (target.length === 0) {
    settleElement(ctx, current, {});
    return true;
  }
  const answers = readFieldAnswers(target, msg.text, msg.u.confirmation);
  Object.assign(values, answers.values);
  for (const key of answers.skipped) values[key] = null;
  const savedKeys = Object.keys(answers.values);
  ctx.op(
    'save_element_fields',
    { element: current.code, fields: savedKeys, errors: answers.errors.length },
    answers.errors.length > 0 && savedKeys.length === 0 ? 'error' : 'success',
  );
  for (const error of answers.errors) ctx.say(error);
  progress.pendingFieldKeys = [];
  settleElement(ctx, current, answers.values);
  return savedKeys.length > 0 || answers.skipped.length > 0 || answers.errors.length > 0;
};

/** A message while collecting element photos and fields. */
export const handleElementMessage = (ctx: TurnContext, msg: MessageView): boolean => {
  const current = currentElement(ctx);
  if (!current || !ctx.state.progress) return false;
  return ctx.state.progress.phase === 'photos'
    ? handlePhotos(ctx, msg, current)
    : handleData(ctx, msg, current);
};

/** The question of the element step: its photos, or its next field(s). */
export const elementPrompt = (ctx: TurnContext): { key: string; text: string } | null => {
  const current = currentElement(ctx);
  const progress = ctx.state.progress;
  if (!current || !progress) return null;
  if (progress.phase === 'photos') {
    const doc = current.engine.index.byCode.get(current.code);
    return {
      key: `photos:${current.code}`,
      text: elementPhotosPrompt(doc ? current.engine.documentation(doc) : null, current.name),
    };
  }
  const ask = fieldsToAsk(pendingElementFields(current.fields, valuesOf(progress, current.code)));
  progress.pendingFieldKeys = ask.map((field) => field.fieldKey);
  if (ask.length === 0) return null;
  return {
    key: `fields:${current.code}:${progress.pendingFieldKeys.join(',')}`,
    text: fieldsPrompt(current.name, ask),
  };
};
