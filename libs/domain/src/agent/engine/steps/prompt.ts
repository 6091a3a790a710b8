import { TurnContext } from '../context';
import { OFFER_QUESTION, variantQuestionText } from '../replies/quote';
import { baseDocsPromptOf } from './base-docs';
import { elementPrompt } from './element-data';
import { REVIEW_QUESTION } from '../replies/summary';
import { reviewPrompt } from './review';
import { SECTION_OF_STEP, sectionPromptOf } from './sections';

/** The question of the current step, re-asked after side answers and failed attempts. */
export const stepPrompt = (ctx: TurnContext): { key: string; text: string } | null => {
  const state = ctx.state;
  switch (state.step) {
    case 'quoting': {
      const pending = state.quote?.pendingQuestions ?? [];
      return pending.length > 0
        ? { key: `variant:${pending[0]?.baseCode}`, text: variantQuestionText(pending) }
        : null;
    }
    case 'offer_made':
      return { key: 'offer', text: OFFER_QUESTION };
    case 'collect_element_data':
      return elementPrompt(ctx);
    case 'collect_base_docs':
      return baseDocsPromptOf(ctx);
    case 'collect_personal':
    case 'collect_vehicle':
    case 'collect_workshop': {
      const section = SECTION_OF_STEP[state.step];
      return section ? sectionPromptOf(ctx, section) : null;
    }
    case 'review_summary':
      // After a side answer the summary is not repeated, only its question.
      return ctx.answeredSide ? { key: 'review', text: REVIEW_QUESTION } : reviewPrompt(ctx);
    default:
      return null;
  }
};
