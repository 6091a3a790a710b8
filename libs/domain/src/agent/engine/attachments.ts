import { IMAGE_STEPS, TurnMessage } from '../contract';
import { TurnContext } from './context';

const targetKey = (ctx: TurnContext): string => ctx.state.imageTarget?.elementCode ?? 'base';

/**
 * Tallies a message's attachments: photos the worker stored for the current target, refused
 * ones with their reason, images that arrived outside an image step, audio/video and files.
 */
export const tallyAttachments = (ctx: TurnContext, message: TurnMessage): void => {
  const tally = ctx.tally;
  const inImageStep = IMAGE_STEPS.includes(ctx.state.step) && ctx.state.imageTarget !== null;
  for (const attachment of message.attachments) {
    if (attachment.kind === 'image') {
      if (inImageStep && (attachment.outcome === 'stored' || attachment.outcome === 'duplicate')) {
        tally.received += 1;
        const key = targetKey(ctx);
        if (attachment.outcome === 'stored') {
          ctx.state.photosConfirmed[key] = (ctx.state.photosConfirmed[key] ?? 0) + 1;
        }
      } else if (inImageStep) {
        // Refused, or not linked by the worker: either way the customer must resend it.
        tally.refused.push(
          attachment.reason?.trim() ||
            (attachment.outcome === 'refused' ? 'la imagen no es válida' : 'no se pudo guardar'),
        );
      } else {
        tally.ignoredImages += 1;
      }
    } else if (attachment.kind === 'audio' || attachment.kind === 'video') {
      tally.audio += 1;
    } else {
      tally.files += 1;
    }
  }
};
