import { categoryBySlug } from '../catalogue';
import { TurnContext } from '../context';
import { MessageView } from '../message';
import { isCompletion } from '../nlu';
import { baseDocsMissing, baseDocsPrompt } from '../replies/case';
import { photosOf } from './element-data';
import { finishSection } from './sections';

/** At least the technical sheet and the registration certificate. */
export const MIN_BASE_DOC_IMAGES = 2;

const baseDocDescriptions = (ctx: TurnContext): string[] => {
  const category = categoryBySlug(ctx.input, ctx.state.progress?.categorySlug);
  const docs = category?.engine.snapshot.baseDocumentation ?? [];
  return docs.length > 0
    ? [...docs].sort((a, b) => a.sortOrder - b.sortOrder).map((doc) => doc.description)
    : ['Ficha técnica del vehículo (ambas caras)', 'Permiso de circulación'];
};

/** "listo" in the documentation step: counts only base-documentation photos. */
export const handleBaseDocsMessage = (ctx: TurnContext, msg: MessageView): boolean => {
  const progress = ctx.state.progress;
  if (!progress || !isCompletion(msg.text)) return false;
  const count = photosOf(ctx, null);
  if (count < MIN_BASE_DOC_IMAGES) {
    ctx.op('confirm_base_docs', { count }, 'blocked', 'too few images');
    ctx.say(baseDocsMissing(count, MIN_BASE_DOC_IMAGES));
    return true;
  }
  ctx.op('confirm_base_docs', { count });
  progress.baseDocsConfirmed = true;
  finishSection(ctx, 'collect_base_docs');
  return true;
};

export const baseDocsPromptOf = (ctx: TurnContext): { key: string; text: string } => ({
  key: 'base_docs',
  text: baseDocsPrompt(baseDocDescriptions(ctx)),
});
