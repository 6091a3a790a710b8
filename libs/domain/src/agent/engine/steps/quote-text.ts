import {
  categoriesNamedIn,
  Category,
  categoryBySlug,
  matchStrength,
  offeredCategories,
  VEHICLE_WORD_PATTERN,
} from '../catalogue';
import { TurnContext } from '../context';
import { MessageView } from '../message';

/** "quitar el caballete" asks to legalise a removal: these verbs name a reform, not an exclusion. */
const REMOVAL_VERBS =
  /\b(quitar|quita|quito|quite|quitado|quitada|quitados|quitadas|eliminar|elimina|elimino|elimine|eliminado|eliminada|anular|anula|anulado|anulada|desmontar|desmontado|desmontada|retirar|retirado|retirada)\b/g;
export const REPLACE_WORDS = /\b(solo|solamente|unicamente|en vez de|en lugar de)\b/;
/** Words steering the quote that the matcher would report as unrecognised. */
const CONTROL_WORDS =
  /\b(mejor|solo|solamente|unicamente|anade|anadir|anademe|agrega|agregar|agregame|suma|sumale|incluye|incluir|tambien|ademas|presupuesto|precio|cuanto|cuesta|costaria|sale|saldria|vale|valdria|seria|favor|porfa|porfavor|ok|hacer|reforma|reformas)\b/g;
export const REQUEST_HINT =
  /\b(homolog\w*|legaliz\w*|regulariz\w*|reforma\w*|presupuesto|precio|cuanto|quiero|quisiera|necesito|tengo|puesto|cambiado|instalad\w*|montad\w*)\b/;

/** Accents and case folded, punctuation kept (the matcher splits clauses on it). */
const lightFold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export const cleanQuoteText = (text: string): string =>
  lightFold(text)
    .replace(REMOVAL_VERBS, 'homologar')
    .replace(VEHICLE_WORD_PATTERN, ' ')
    .replace(CONTROL_WORDS, ' ');

export const quoteCategory = (ctx: TurnContext): Category | null =>
  categoryBySlug(ctx.input, ctx.state.quote?.categorySlug);

/** Category for a quote request; null when it cannot be told (the caller asks). */
export const chooseCategory = (
  ctx: TurnContext,
  msg: MessageView,
  clean: string,
): Category | null => {
  const fromQuote = quoteCategory(ctx);
  if (fromQuote) return fromQuote;
  const offered = offeredCategories(ctx.input);
  const named = categoriesNamedIn(msg.folded, offered);
  if (named.length === 1 && named[0]) {
    ctx.state.categorySlug = named[0].slug;
    return named[0];
  }
  const remembered = categoryBySlug(ctx.input, ctx.state.categorySlug);
  if (remembered) return remembered;
  if (offered.length === 1) return offered[0] ?? null;
  const ranked = offered
    .map((category) => ({ category, strength: matchStrength(category, clean) }))
    .sort((a, b) => b.strength - a.strength);
  const [best, second] = ranked;
  // Both catalogues recognising the words about as well means the vehicle must be asked.
  if (best && best.strength > 0 && (!second || second.strength * 1.5 < best.strength)) {
    return best.category;
  }
  return null;
};
