import { TurnContext } from '../context';
import { readFieldAnswers } from '../element-fields';
import {
  CaseElement,
  caseElements,
  ElementFieldRef,
  elementsNamedIn,
  findElementField,
} from '../element-refs';
import { MessageView } from '../message';
import { detectFieldByShape } from '../nlu';
import { fieldsPrompt } from '../replies/case';
import { joinAnd } from '../replies/format';
import { settleCurrentElement } from './element-data';
import { enterStep } from './sections';

/** `progress.correcting` for a reform: `element:CODE` (which datum?) or `element:CODE:key`. */
const PREFIX = 'element:';

const PHOTO_WORDS = /\b(fotos?|fotografias?|imagen|imagenes)\b/;
/** "de la moto", "del escape": words naming what a datum belongs to, not its new value. */
const QUALIFIER = /^(?:del|de la|de los|de las|de mi|de el)\s/i;
const VALUE_AFTER_VERB = /(?:^|\s)(?:es|son|era|ser[ií]a|a|por)\s*:?\s+(.+)$/iu;

const pendingOf = (ctx: TurnContext): { code: string; key: string | null } | null => {
  const correcting = ctx.state.progress?.correcting;
  if (!correcting?.startsWith(PREFIX)) return null;
  const [code, key] = correcting.slice(PREFIX.length).split(':');
  return code ? { code, key: key || null } : null;
};

/**
 * Reforms whose data can be changed now: those already done, and the current one once its
 * photos are in (its fields are being asked).
 */
const editableElements = (ctx: TurnContext): CaseElement[] => {
  const progress = ctx.state.progress;
  if (!progress) return [];
  const current = ctx.state.step === 'collect_element_data' && progress.phase === 'data';
  return caseElements(ctx).filter(
    (element) =>
      element.index < progress.elementIndex || (current && element.index === progress.elementIndex),
  );
};

/** The new value a message gives, without the words naming the reform ("del escape es X"). */
const valueOf = (msg: MessageView): string | null => {
  let value = msg.u.correction?.value ?? VALUE_AFTER_VERB.exec(msg.text)?.[1] ?? null;
  if (value && QUALIFIER.test(value)) value = VALUE_AFTER_VERB.exec(value)?.[1] ?? null;
  const trimmed = value?.replace(/[\s.!]+$/, '').trim();
  return trimmed ? trimmed : null;
};

const shown = (value: string | number | boolean): string =>
  typeof value === 'boolean' ? (value ? 'sí' : 'no') : String(value);

/** Validates and stores one element field; false (with the reason said) when it is not valid. */
const storeElementValue = (
  ctx: TurnContext,
  ref: ElementFieldRef,
  raw: string,
  confirmation: MessageView['u']['confirmation'],
): boolean => {
  const progress = ctx.state.progress;
  const caseId = ctx.state.caseId;
  if (!progress || !caseId) return false;
  const { element, field } = ref;
  const answers = readFieldAnswers([field], raw, confirmation);
  if (answers.errors.length > 0) {
    for (const error of answers.errors) ctx.say(error);
    ctx.op('correct_element_field', { element: element.code, field: field.fieldKey }, 'error');
    return false;
  }
  const values = (progress.fieldValues[element.code] ??= {});
  const value = answers.values[field.fieldKey];
  values[field.fieldKey] = value ?? null;
  if (value !== undefined) {
    ctx.effect({
      kind: 'save_element_data',
      caseId,
      elementCode: element.code,
      status: element.index < progress.elementIndex ? 'completed' : 'pending_data',
      fieldValues: { [field.fieldKey]: value },
    });
  }
  ctx.op('correct_element_field', { element: element.code, field: field.fieldKey });
  const label = field.fieldLabel.replace(/^¿|\?$/g, '').trim();
  ctx.say(`Corregido ✅ ${element.name} · ${label}: ${value === undefined ? '—' : shown(value)}`);
  settleCurrentElement(ctx);
  return true;
};

/** Asks for a field's new value; the next message is read as that value. */
const askValue = (ctx: TurnContext, ref: ElementFieldRef): void => {
  const progress = ctx.state.progress;
  if (!progress) return;
  progress.correcting = `${PREFIX}${ref.element.code}:${ref.field.fieldKey}`;
  ctx.ask(
    `correct:${ref.element.code}:${ref.field.fieldKey}`,
    fieldsPrompt(ref.element.name, [ref.field]),
  );
};

/** A reform named without saying what changes: its data, or (from the summary) its photos. */
const askWhich = (ctx: TurnContext, element: CaseElement): void => {
  const progress = ctx.state.progress;
  if (!progress) return;
  progress.correcting = `${PREFIX}${element.code}`;
  const labels = element.fields.map((field) => field.fieldLabel.replace(/^¿|\?$/g, '').trim());
  const data = labels.length > 0 ? `un dato (${joinAnd(labels.map((l) => l.toLowerCase()))})` : '';
  const photos = ctx.state.step === 'review_summary' ? 'las fotos' : '';
  ctx.ask(
    `element_edit:${element.code}`,
    `¿Qué quieres cambiar de *${element.name}*: ${[photos, data].filter(Boolean).join(' o ')}?`,
  );
};

/**
 * From the summary: the photos of one reform are collected again (new ones are added); the
 * element step then returns to the summary.
 */
export const startPhotoEdit = (ctx: TurnContext, element: CaseElement): void => {
  const progress = ctx.state.progress;
  const caseId = ctx.state.caseId;
  if (!progress || !caseId) return;
  progress.correcting = null;
  progress.editTarget = 'collect_element_data';
  progress.elementIndex = element.index;
  progress.phase = 'photos';
  progress.pendingFieldKeys = [];
  enterStep(ctx, 'collect_element_data');
  ctx.state.imageTarget = { caseId, elementCode: element.code };
  ctx.op('edit_element', { element: element.code, what: 'photos' });
};

/** Uses a field reference: stores the value the message gives, else asks for it. */
const correctField = (ctx: TurnContext, msg: MessageView, ref: ElementFieldRef): true => {
  const value = valueOf(msg);
  if (value === null) askValue(ctx, ref);
  else if (!storeElementValue(ctx, ref, value, null)) askValue(ctx, ref);
  return true;
};

/**
 * Changes to the reforms' own data and photos: the answer to a pending "¿cuál es el nuevo
 * valor?", a correction naming an element field ("me equivoqué, el diámetro es 300", "la
 * marca del escape es Yoshimura") and, in the summary, "las fotos del escape". Case fields
 * (vehicle, personal data) are left to the section corrections.
 */
export const handleElementEdit = (ctx: TurnContext, msg: MessageView): boolean => {
  const progress = ctx.state.progress;
  if (!progress) return false;
  const elements = caseElements(ctx);
  const inReview = ctx.state.step === 'review_summary';
  const pending = pendingOf(ctx);
  if (pending && !msg.u.isQuestion) {
    progress.correcting = null;
    const element = elements.find((candidate) => candidate.code === pending.code);
    if (element && pending.key) {
      const field = element.fields.find((candidate) => candidate.fieldKey === pending.key);
      if (field && !storeElementValue(ctx, { element, field }, msg.text, msg.u.confirmation)) {
        askValue(ctx, { element, field });
      }
      return true;
    }
    if (element) {
      if (inReview && PHOTO_WORDS.test(msg.folded)) {
        startPhotoEdit(ctx, element);
        return true;
      }
      const ref = findElementField([element], msg.text);
      if (ref) return correctField(ctx, msg, ref);
    }
  }

  const cue = msg.u.intents.has('correction') || msg.u.intents.has('edit');
  // Without a cue only the summary takes a reform's datum, and never from a question.
  if (!cue && (!inReview || msg.u.isQuestion)) return false;
  // A value shaped like the case field it names ("la matrícula es 5678 BCD") is that field,
  // even when a reform shares the word (the number-plate bracket).
  if (caseShaped(msg)) return false;
  const editable = editableElements(ctx);
  const named = elementsNamedIn(editable, msg.text);
  if (inReview && named.length === 1 && named[0] && PHOTO_WORDS.test(msg.folded)) {
    startPhotoEdit(ctx, named[0]);
    return true;
  }
  let scope: CaseElement[];
  if (named.length > 0) scope = named;
  else if (inReview || (msg.u.correction?.field && ctx.state.step !== 'collect_element_data')) {
    // Without a reform named, a datum the summary or a later step knows is a case field.
    return false;
  } else scope = editable;
  const ref = findElementField(scope, msg.text);
  if (ref) return correctField(ctx, msg, ref);
  const only = named.length === 1 ? named[0] : undefined;
  // Something to choose from: its data, or (from the summary) its photos.
  const choosable = only && (only.fields.length > 0 || inReview);
  if (only && choosable && (cue || msg.u.confirmation !== 'confirmed')) {
    askWhich(ctx, only);
    return true;
  }
  return false;
};

/** A correction whose value has the unmistakable shape of the case field it names. */
export const caseShaped = (msg: MessageView): boolean => {
  const correction = msg.u.correction;
  return Boolean(
    correction?.field &&
    correction.value &&
    detectFieldByShape(correction.value) === correction.field,
  );
};

/**
 * Whether a message names one of the case's reforms: then it is no vehicle or personal datum,
 * unless its value is shaped like one.
 */
export const namesCaseElement = (ctx: TurnContext, msg: MessageView): boolean =>
  !caseShaped(msg) && elementsNamedIn(caseElements(ctx), msg.text).length > 0;
