import { SnapshotRequiredField, stem, STOPWORDS, tokenize } from '../../catalogue';
import { categoryBySlug } from './catalogue';
import { TurnContext } from './context';

/** One reform of the case, as the customer may refer to it later ("el escape"). */
export interface CaseElement {
  code: string;
  name: string;
  /** Position in the case's element list. */
  index: number;
  fields: SnapshotRequiredField[];
  /** Stem sequences that name it: its keywords and the distinctive words of its name. */
  names: string[][];
}

export interface ElementFieldRef {
  element: CaseElement;
  field: SnapshotRequiredField;
}

/** Words of field keys too generic to name a field ("nuevo_ancho" is about the width). */
const GENERIC_FIELD_WORDS = new Set(['nuevo', 'nueva', 'tipo', 'tiene', 'numero', 'otro']);

const contentStems = (text: string): string[] =>
  tokenize(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem);

/** The case's reforms with their active required fields. */
export const caseElements = (ctx: TurnContext): CaseElement[] => {
  const progress = ctx.state.progress;
  const category = categoryBySlug(ctx.input, progress?.categorySlug);
  if (!progress || !category) return [];
  return progress.elementCodes.map((code, index) => {
    const element = category.engine.index.byCode.get(code);
    const names = element
      ? [...element.keywordStems, element.distinctiveNameStems].filter((n) => n.length > 0)
      : [];
    return {
      code,
      name: element?.name ?? code,
      index,
      fields: element ? element.source.requiredFields.filter((field) => field.isActive) : [],
      names,
    };
  });
};

/** Reforms of the case the text names ("la marca del escape" → ESCAPE). */
export const elementsNamedIn = (elements: readonly CaseElement[], text: string): CaseElement[] => {
  const said = new Set(contentStems(text));
  return elements.filter((element) =>
    element.names.some((name) => name.every((word) => said.has(word))),
  );
};

/** How strongly a text names a field: its label (3), else the words of its key (1 each). */
const fieldScore = (field: SnapshotRequiredField, said: ReadonlySet<string>): number => {
  const label = contentStems(field.fieldLabel.replace(/\([^)]*\)/g, ' '));
  if (label.length > 1 && label.every((word) => said.has(word))) return 3;
  return field.fieldKey
    .split('_')
    .filter((word) => word.length >= 4 && !GENERIC_FIELD_WORDS.has(word))
    .map(stem)
    .filter((word) => said.has(word)).length;
};

/**
 * The element field a text names among `scope`: the best-scoring one, or null when none is
 * named or two fields tie ("la marca" with two reforms that both ask for a brand).
 */
export const findElementField = (
  scope: readonly CaseElement[],
  text: string,
): ElementFieldRef | null => {
  const said = new Set(contentStems(text));
  const ranked = scope
    .flatMap((element) =>
      element.fields.map((field) => ({ element, field, score: fieldScore(field, said) })),
    )
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || (second && second.score === best.score)) return null;
  return { element: best.element, field: best.field };
};
