import { categoryBySlug } from '../catalogue';
import { TurnContext } from '../context';
import { MessageView } from '../message';
import { editWhat, finalized } from '../replies/case';
import { customerSummary, staffNote } from '../replies/summary';
import { EditableStep, forgetCase } from '../state';
import { photosOf } from './element-data';
import { enterStep } from './sections';

const SECTION_WORDS: [RegExp, EditableStep][] = [
  [/\b(documentacion|documentos|ficha|permiso|fotos de la ficha)\b/, 'collect_base_docs'],
  [/\b(taller)\b/, 'collect_workshop'],
  [
    /\b(vehiculo|moto|matricula|marca|modelo|bastidor|ano|anio|caravana|autocaravana)\b/,
    'collect_vehicle',
  ],
  [
    /\b(personal|personales|mis datos|nombre|apellidos?|email|correo|dni|nif|direccion|domicilio|itv|codigo postal)\b/,
    'collect_personal',
  ],
];

const STEP_OF_SECTION: Record<string, EditableStep> = {
  personal: 'collect_personal',
  vehicle: 'collect_vehicle',
  workshop: 'collect_workshop',
  documentation: 'collect_base_docs',
  documents: 'collect_base_docs',
  base_docs: 'collect_base_docs',
};

/** Which section an edit request names, from the understanding or from keywords. */
export const editTargetOf = (msg: MessageView): EditableStep | null => {
  const section = msg.u.section as string | null;
  if (section && STEP_OF_SECTION[section]) return STEP_OF_SECTION[section] ?? null;
  for (const [pattern, step] of SECTION_WORDS) if (pattern.test(msg.folded)) return step;
  return null;
};

/** Final effects: the case goes to review, labelled, with a note for staff; the bot goes idle. */
const finalize = (ctx: TurnContext): void => {
  const state = ctx.state;
  const caseId = state.caseId;
  if (!caseId) return;
  ctx.effect({
    kind: 'update_case',
    caseId,
    patch: { metadata: { current_step: 'pending_review', finalized_at: ctx.now.toISOString() } },
  });
  ctx.effect({ kind: 'finalize_case', caseId });
  ctx.effect({ kind: 'add_labels', labels: ['expediente'] });
  ctx.effect({ kind: 'private_note', content: staffNote(ctx) });
  ctx.op('finalize_case', { caseId });
  ctx.moveTo('pending_review');
  ctx.moveTo('idle');
  forgetCase(state);
  state.lastCaseId = caseId;
  ctx.say(finalized);
};

export const handleReviewMessage = (ctx: TurnContext, msg: MessageView): boolean => {
  const progress = ctx.state.progress;
  if (!progress) return false;
  const target = editTargetOf(msg);
  if (target && (msg.u.intents.has('edit') || msg.u.confirmation !== 'confirmed')) {
    progress.editTarget = target;
    if (target === 'collect_workshop') progress.tallerPropio = null;
    ctx.op('edit_section', { section: target });
    enterStep(ctx, target);
    return true;
  }
  if (msg.u.confirmation === 'confirmed') {
    finalize(ctx);
    return true;
  }
  if (msg.u.confirmation === 'rejected' || msg.u.intents.has('edit')) {
    ctx.ask('review_edit', editWhat);
    return true;
  }
  return false;
};

export const reviewPrompt = (ctx: TurnContext): { key: string; text: string } => {
  const progress = ctx.state.progress;
  const category = categoryBySlug(ctx.input, progress?.categorySlug);
  const photos = (progress?.elementCodes ?? []).map((code) => ({
    name: category?.engine.index.byCode.get(code)?.name ?? code,
    count: photosOf(ctx, code),
  }));
  return {
    key: 'review',
    text: customerSummary(ctx, photos, photosOf(ctx, null)),
  };
};
