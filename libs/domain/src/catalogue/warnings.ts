import { CatalogueIndex, containsSequence, IndexedElement, IndexedTier } from './catalogue-index';
import { ShowCondition, SnapshotWarning, WarningSeverity } from './snapshot';
import { describeItems, QuoteItem } from './tier-selection';

export type WarningSource = 'global' | 'category' | 'tier' | 'element';

export interface WarningView {
  id: string;
  code: string;
  message: string;
  severity: WarningSeverity;
  source: WarningSource;
}

export interface ElementWarnings {
  code: string;
  name: string;
  warnings: WarningView[];
}

export interface ResolvedWarnings {
  /** Category bundle: global + category (+ selected tier) warnings whose conditions hold. */
  general: WarningView[];
  /** Per quoted element: associations (own + inherited) and element-scoped warnings. */
  byElement: ElementWarnings[];
}

/** Where a show condition is evaluated. `documentation` = no quantity (element lookups). */
export type WarningContext = { kind: 'quote'; quantity: number } | { kind: 'documentation' };

/** The single evaluator of `show_condition` (the API validates against the same list). */
export const showConditionHolds = (
  condition: ShowCondition,
  threshold: number | null,
  context: WarningContext,
): boolean => {
  switch (condition) {
    case 'always':
      return true;
    case 'if_selected':
      return context.kind === 'quote';
    case 'on_exceed_max':
      return context.kind === 'quote' && threshold !== null && context.quantity > threshold;
    case 'on_below_min':
      return context.kind === 'quote' && threshold !== null && context.quantity < threshold;
    default:
      return false;
  }
};

const view = (warning: SnapshotWarning, source: WarningSource): WarningView => ({
  id: warning.id,
  code: warning.code,
  message: warning.message,
  severity: warning.severity,
  source,
});

/**
 * Whether a category-bundle warning applies: scoped warnings without conditions always do;
 * `always_show` always does; otherwise an `element_keywords` entry found in the quoted element
 * names, or a `show_with_elements` code among the quoted codes.
 */
const bundleWarningApplies = (
  index: CatalogueIndex,
  warning: SnapshotWarning,
  scoped: boolean,
  description: string[],
  codes: Set<string>,
): boolean => {
  const conditions = warning.triggerConditions;
  const keywords = index.warningKeywordStems.get(warning.id) ?? [];
  const withElements = conditions?.showWithElements ?? [];
  if (conditions?.alwaysShow) return true;
  if (keywords.length === 0 && withElements.length === 0) return scoped;
  if (withElements.some((code) => codes.has(code.toUpperCase()))) return true;
  return keywords.some((keyword) => containsSequence(description, keyword));
};

/** Warnings of one element: own associations first, then inherited ones (child overrides). */
export const elementWarnings = (
  index: CatalogueIndex,
  element: IndexedElement,
  context: WarningContext,
): WarningView[] => {
  const seen = new Set<string>();
  const result: WarningView[] = [];
  for (const owner of [element, ...element.inheritanceChain]) {
    for (const link of owner.source.warnings) {
      if (seen.has(link.warningId)) continue;
      seen.add(link.warningId);
      const warning = index.warningsById.get(link.warningId);
      if (!warning?.isActive) continue;
      if (!showConditionHolds(link.showCondition, link.thresholdQuantity, context)) continue;
      result.push(view(warning, 'element'));
    }
    for (const warning of owner.scopedWarnings) {
      if (seen.has(warning.id)) continue;
      seen.add(warning.id);
      result.push(view(warning, 'element'));
    }
  }
  return result;
};

export const resolveWarnings = (
  index: CatalogueIndex,
  items: readonly QuoteItem[],
  tier: IndexedTier | null,
): ResolvedWarnings => {
  const byElement = items.map((item) => ({
    code: item.element.code,
    name: item.element.name,
    warnings: elementWarnings(index, item.element, { kind: 'quote', quantity: item.quantity }),
  }));
  const shownPerElement = new Set(byElement.flatMap((entry) => entry.warnings.map((w) => w.id)));
  const description = describeItems(items);
  const codes = new Set(items.map((item) => item.element.code.toUpperCase()));
  const categoryId = index.snapshot.category.id;
  const general: WarningView[] = [];
  for (const warning of index.snapshot.warnings) {
    if (!warning.isActive || warning.elementId || shownPerElement.has(warning.id)) continue;
    let source: WarningSource;
    if (warning.tierId) {
      if (!tier || warning.tierId !== tier.source.id) continue;
      source = 'tier';
    } else if (warning.categoryId) {
      if (warning.categoryId !== categoryId) continue;
      source = 'category';
    } else source = 'global';
    if (items.length === 0 && source !== 'global') continue;
    if (bundleWarningApplies(index, warning, source !== 'global', description, codes)) {
      general.push(view(warning, source));
    }
  }
  return { general, byElement };
};
