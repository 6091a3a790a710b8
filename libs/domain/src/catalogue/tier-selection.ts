import { CatalogueIndex, containsSequence, IndexedElement, IndexedTier } from './catalogue-index';

export interface QuoteItem {
  element: IndexedElement;
  quantity: number;
}

export type TierRejection =
  | { reason: 'count_out_of_range'; count: number; min: number | null; max: number | null }
  | { reason: 'elements_not_included'; codes: string[] }
  | { reason: 'quantity_above_max'; code: string; quantity: number; max: number }
  | { reason: 'too_many_outside'; tierCode: string; count: number; max: number; codes: string[] };

export interface TierCheck {
  tierCode: string;
  eligible: boolean;
  rejection: TierRejection | null;
}

export type TierReason =
  { kind: 'keyword_rule'; keyword: string; priority: number } | { kind: 'cheapest_eligible' };

export interface TierSelection {
  tier: IndexedTier | null;
  reason: TierReason | null;
  elementCount: number;
  /** Rules whose keyword matched, in priority order, with the verdict for each. */
  matchedRules: {
    tierCode: string;
    keyword: string;
    priority: number;
    selected: boolean;
    rejection: TierRejection | null;
  }[];
  /** Every active tier checked, cheapest first (for explanations). */
  checks: TierCheck[];
}

/** Stemmed element names joined by a separator token (what tier rules and warnings read). */
export const describeItems = (items: readonly QuoteItem[]): string[] => {
  const description: string[] = [];
  for (const item of items) {
    if (description.length > 0) description.push(',');
    description.push(...item.element.nameStems);
  }
  return description;
};

/**
 * Whether `tier` can price these items: element count within [min, max] (null bounds ignored)
 * and, when the tier has inclusions, every element included within its max quantity.
 * Quantities count, both for the element count and for the per-element cap ("dos escapes" = 2).
 */
export const checkTier = (
  index: CatalogueIndex,
  tier: IndexedTier,
  items: readonly QuoteItem[],
): TierRejection | null => {
  const count = items.reduce((sum, item) => sum + item.quantity, 0);
  const { minElements: min, maxElements: max } = tier.source;
  if ((min !== null && count < min) || (max !== null && count > max)) {
    return { reason: 'count_out_of_range', count, min, max };
  }
  for (const limit of tier.source.classificationRules?.outsideTierLimits ?? []) {
    const reference = index.tiers.find((candidate) => candidate.source.code === limit.tierCode);
    if (!reference?.resolved) continue;
    const outside = items.filter((item) => !reference.resolved?.has(item.element.id));
    const outsideCount = outside.reduce((sum, item) => sum + item.quantity, 0);
    if (outsideCount > limit.maxElements) {
      return {
        reason: 'too_many_outside',
        tierCode: limit.tierCode,
        count: outsideCount,
        max: limit.maxElements,
        codes: outside.map((item) => item.element.code),
      };
    }
  }
  if (!tier.resolved) return null;
  const missing = items.filter((item) => !tier.resolved?.has(item.element.id));
  if (missing.length > 0) {
    return { reason: 'elements_not_included', codes: missing.map((item) => item.element.code) };
  }
  for (const item of items) {
    const cap = tier.resolved.get(item.element.id) ?? null;
    if (cap !== null && item.quantity > cap) {
      return {
        reason: 'quantity_above_max',
        code: item.element.code,
        quantity: item.quantity,
        max: cap,
      };
    }
  }
  return null;
};

/**
 * Tier selection (a quote is one tier's price, never a sum per element), inclusions honoured:
 *  1. active tiers by `classification_rules.priority`; the first rule keyword found in the
 *     element names selects the tier if the tier can price the items (count range + inclusions);
 *  2. otherwise the cheapest active tier that can price them (ties: the later sort order).
 * Keywords are compared as stemmed word sequences, so "faros" matches "Faro delantero" and
 * "gas" does not match "gasolina" (never raw substrings).
 */
export const selectTier = (index: CatalogueIndex, items: readonly QuoteItem[]): TierSelection => {
  const elementCount = items.reduce((sum, item) => sum + item.quantity, 0);
  const selection: TierSelection = {
    tier: null,
    reason: null,
    elementCount,
    matchedRules: [],
    checks: [],
  };
  if (items.length === 0) return selection;
  const description = describeItems(items);
  for (const tier of index.tiersByPriority) {
    const rule = tier.ruleKeywords.find((keyword) => containsSequence(description, keyword.stems));
    if (!rule) continue;
    const rejection = checkTier(index, tier, items);
    const selected = rejection === null && selection.tier === null;
    selection.matchedRules.push({
      tierCode: tier.source.code,
      keyword: rule.text,
      priority: tier.priority,
      selected,
      rejection,
    });
    if (selected) {
      selection.tier = tier;
      selection.reason = { kind: 'keyword_rule', keyword: rule.text, priority: tier.priority };
    }
  }

  for (const tier of index.tiersCheapestFirst) {
    const rejection = checkTier(index, tier, items);
    selection.checks.push({ tierCode: tier.source.code, eligible: rejection === null, rejection });
    if (!selection.tier && rejection === null) {
      selection.tier = tier;
      selection.reason = { kind: 'cheapest_eligible' };
    }
  }
  return selection;
};
