import {
  CatalogueSnapshot,
  SnapshotElement,
  SnapshotInclusion,
  SnapshotTier,
  SnapshotWarning,
} from './snapshot';
import { foldText, STOPWORDS, stem, tokenize, trigrams } from './text';

/** A keyword or alias of one element, pre-processed for matching. */
export interface KeywordEntry {
  id: number;
  element: IndexedElement;
  /** As written in the catalogue (shown in explanations). */
  text: string;
  /** Stems of the content words (stopwords removed). */
  stems: string[];
  isAlias: boolean;
}

export interface IndexedElement {
  readonly source: SnapshotElement;
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parent: IndexedElement | null;
  /** Active children, in sort order. */
  readonly children: IndexedElement[];
  /**
   * A base with variants is never quoted itself: the customer picks one (or several) variants.
   * Accessory children (variant_type `accessory`, e.g. a luggage arm on a tow ball) are add-ons,
   * not alternatives, so they do not turn their parent into a base.
   */
  readonly needsVariant: boolean;
  /** Ancestors nearest first, following `inherit_parent_data` (depth ≤ 10). */
  readonly inheritanceChain: IndexedElement[];
  readonly depth: number;
  /** Multi-select phrases as folded token sequences. */
  readonly multiSelect: string[][];
  /** Stems of this element's name words not present in its parent's name (variant answers). */
  readonly distinctiveNameStems: string[];
  /** Stems of variant_code words ("FULL_AIR" → full, air), minus generic short words. */
  readonly variantCodeStems: string[];
  /** Content stems of each keyword (variant answer scoring). */
  readonly keywordStems: string[][];
  /** Stemmed name, for tier rules and warning keywords. */
  readonly nameStems: string[];
  /** Warnings scoped to this element (warnings.element_id). */
  readonly scopedWarnings: SnapshotWarning[];
}

/** Resolved inclusions of a tier: element id → max quantity (null = unlimited). */
export type ResolvedInclusions = ReadonlyMap<string, number | null>;

export interface IndexedTier {
  readonly source: SnapshotTier;
  readonly priority: number;
  /** Each rule keyword as a stem sequence, in the catalogue's order. */
  readonly ruleKeywords: { text: string; stems: string[] }[];
  /** null when the tier has no inclusions at all (then every element is allowed). */
  readonly resolved: ResolvedInclusions | null;
}

const MAX_INHERITANCE_DEPTH = 10;
const ACCESSORY_VARIANT_TYPE = 'accessory';
const GENERIC_CODE_WORDS = new Set(['del', 'tras', 'sin', 'con', 'de', 'la', 'el']);

/** Content stems of a phrase: folded, tokenised, stopwords removed, stemmed. */
export const contentStems = (phrase: string): string[] =>
  tokenize(phrase)
    .filter((token) => !STOPWORDS.has(token))
    .map(stem);

/**
 * Resolves a tier's inclusions recursively: element rows directly, `included_tier_id` rows
 * through the included tier (cycle-safe). When an element is reachable through several paths
 * the most permissive cap wins (null = unlimited). A cap on an included-tier row caps every
 * element reached through it.
 */
export const resolveTierInclusions = (
  tierId: string,
  inclusions: readonly SnapshotInclusion[],
): Map<string, number | null> | null => {
  const byTier = new Map<string, SnapshotInclusion[]>();
  for (const row of inclusions) {
    const list = byTier.get(row.tierId) ?? [];
    list.push(row);
    byTier.set(row.tierId, list);
  }
  if (!byTier.has(tierId)) return null;
  const result = new Map<string, number | null>();
  const merge = (elementId: string, cap: number | null): void => {
    if (!result.has(elementId)) {
      result.set(elementId, cap);
      return;
    }
    const current = result.get(elementId) ?? null;
    if (current === null || cap === null) result.set(elementId, null);
    else result.set(elementId, Math.max(current, cap));
  };
  const minCap = (a: number | null, b: number | null): number | null =>
    a === null ? b : b === null ? a : Math.min(a, b);
  const walk = (id: string, outerCap: number | null, visiting: Set<string>): void => {
    if (visiting.has(id)) return; // cycle: this path adds nothing new
    visiting.add(id);
    for (const row of byTier.get(id) ?? []) {
      const cap = minCap(outerCap, row.maxQuantity);
      if (row.elementId) merge(row.elementId, cap);
      else if (row.includedTierId) walk(row.includedTierId, cap, visiting);
    }
    visiting.delete(id);
  };
  walk(tierId, null, new Set());
  return result;
};

/**
 * Everything the engine precomputes from a snapshot, once per catalogue version: keyword
 * lookups by stem, phrase candidates, a trigram index for typo tolerance, element hierarchy,
 * resolved tier inclusions. Matching a message then costs a few map lookups per word.
 */
export class CatalogueIndex {
  public readonly elements: IndexedElement[];
  public readonly activeElements: IndexedElement[];
  public readonly byId = new Map<string, IndexedElement>();
  /** Upper-case code → element (active or not, so codes can be rejected precisely). */
  public readonly byCode = new Map<string, IndexedElement>();
  /** Single-word keyword/alias stems → entries. */
  public readonly singleWord = new Map<string, KeywordEntry[]>();
  /** Multi-word entries, reachable from each of their stems. */
  public readonly phrasesByStem = new Map<string, KeywordEntry[]>();
  /** Stems of single-word keywords (≥ 4 chars) for typo tolerance, with their trigrams. */
  public readonly typoTargets: { stem: string; grams: Set<string>; entries: KeywordEntry[] }[] = [];
  public readonly typoByGram = new Map<string, number[]>();
  /** Every stem that is part of some keyword/alias (exact evidence). */
  public readonly knownStems = new Set<string>();
  /** Single-word keyword stems used by exactly one active element (distinctive evidence). */
  public readonly distinctiveStems = new Set<string>();
  /** Folded multi-select first words → bases that declare them (cheap pre-check). */
  public readonly tiers: IndexedTier[];
  public readonly activeTiers: IndexedTier[];
  public readonly warningsById = new Map<string, SnapshotWarning>();
  /** Active tiers by rule priority, then sort order (rule evaluation order). */
  public readonly tiersByPriority: IndexedTier[];
  /** Active tiers cheapest first, later sort order first on ties (fallback order). */
  public readonly tiersCheapestFirst: IndexedTier[];
  /** `element_keywords` of each warning as stem sequences. */
  public readonly warningKeywordStems = new Map<string, string[][]>();

  private constructor(public readonly snapshot: CatalogueSnapshot) {
    const elementsById = new Map(snapshot.elements.map((el) => [el.id, el]));
    const sorted = [...snapshot.elements].sort(
      (a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code),
    );
    const built = new Map<string, IndexedElement>();
    const build = (source: SnapshotElement, trail: Set<string>): IndexedElement => {
      // (element-scoped warnings are looked up once here, not per quote)
      const existing = built.get(source.id);
      if (existing) return existing;
      const parentSource =
        source.parentElementId && !trail.has(source.parentElementId)
          ? elementsById.get(source.parentElementId)
          : undefined;
      const parent = parentSource ? build(parentSource, new Set([...trail, source.id])) : null;
      const chain: IndexedElement[] = [];
      if (source.inheritParentData) {
        let cursor = parent;
        while (cursor && chain.length < MAX_INHERITANCE_DEPTH) {
          chain.push(cursor);
          if (!cursor.source.inheritParentData) break;
          cursor = cursor.parent;
        }
      }
      const parentNameStems = new Set(parent ? contentStems(parent.name) : []);
      const element: IndexedElement = {
        source,
        id: source.id,
        code: source.code,
        name: source.name,
        parent,
        children: [],
        needsVariant: false,
        inheritanceChain: chain,
        depth: parent ? parent.depth + 1 : 0,
        multiSelect: source.multiSelectKeywords
          .map((phrase) => tokenize(phrase))
          .filter((tokens) => tokens.length > 0),
        distinctiveNameStems: contentStems(source.name).filter((s) => !parentNameStems.has(s)),
        keywordStems: source.keywords.map(contentStems).filter((stems) => stems.length > 0),
        nameStems: tokenize(source.name).map(stem),
        scopedWarnings: snapshot.warnings.filter((w) => w.elementId === source.id && w.isActive),
        variantCodeStems: source.variantCode
          ? tokenize(source.variantCode.replace(/_/g, ' '))
              .filter((word) => word.length >= 3 && !GENERIC_CODE_WORDS.has(word))
              .map(stem)
          : [],
      };
      built.set(source.id, element);
      return element;
    };
    this.elements = sorted.map((el) => build(el, new Set()));
    for (const element of this.elements) {
      this.byId.set(element.id, element);
      this.byCode.set(element.code.toUpperCase(), element);
      if (element.source.isActive && element.parent && element.parent.source.isActive) {
        element.parent.children.push(element);
      }
    }
    for (const element of this.elements) {
      const alternatives = element.children.filter(
        (child) => child.source.variantType !== ACCESSORY_VARIANT_TYPE,
      );
      (element as { needsVariant: boolean }).needsVariant = alternatives.length > 0;
    }
    this.activeElements = this.elements.filter((el) => this.isActive(el));
    this.indexKeywords();

    this.tiers = [...snapshot.tiers]
      .sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))
      .map((tier) => ({
        source: tier,
        priority: tier.classificationRules?.priority ?? 999,
        ruleKeywords: (tier.classificationRules?.appliesIfAny ?? [])
          .map((text) => ({ text, stems: tokenize(text).map(stem) }))
          .filter((rule) => rule.stems.length > 0),
        resolved: resolveTierInclusions(tier.id, snapshot.inclusions),
      }));
    this.activeTiers = this.tiers.filter((tier) => tier.source.isActive);
    this.tiersByPriority = [...this.activeTiers].sort(
      (a, b) => a.priority - b.priority || a.source.sortOrder - b.source.sortOrder,
    );
    this.tiersCheapestFirst = [...this.activeTiers].sort(
      (a, b) => a.source.price - b.source.price || b.source.sortOrder - a.source.sortOrder,
    );
    for (const warning of snapshot.warnings) {
      this.warningsById.set(warning.id, warning);
      this.warningKeywordStems.set(
        warning.id,
        (warning.triggerConditions?.elementKeywords ?? [])
          .map(stemSequence)
          .filter((k) => k.length > 0),
      );
    }
  }

  public static build(snapshot: CatalogueSnapshot): CatalogueIndex {
    return new CatalogueIndex(snapshot);
  }

  /** Active and every ancestor active (a deactivated base hides its variants). */
  public isActive(element: IndexedElement): boolean {
    let cursor: IndexedElement | null = element;
    while (cursor) {
      if (!cursor.source.isActive) return false;
      cursor = cursor.parent;
    }
    return true;
  }

  /** Quotable = active and not a base that still needs its variant chosen. */
  public isQuotable(element: IndexedElement): boolean {
    return this.isActive(element) && !element.needsVariant;
  }

  public isAncestor(ancestor: IndexedElement, element: IndexedElement): boolean {
    let cursor = element.parent;
    while (cursor) {
      if (cursor === ancestor) return true;
      cursor = cursor.parent;
    }
    return false;
  }

  private indexKeywords(): void {
    let nextId = 0;
    const singleOwners = new Map<string, Set<string>>();
    const typo = new Map<string, KeywordEntry[]>();
    for (const element of this.activeElements) {
      // The element's name parts ("Tijas / Torretas de manillar") count like aliases.
      const nameParts = element.name
        .split(/[/()]/)
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
      const phrases = [
        ...element.source.keywords.map((text) => ({ text, isAlias: false })),
        ...element.source.aliases.map((text) => ({ text, isAlias: true })),
        ...nameParts.map((text) => ({ text, isAlias: true })),
      ];
      const seen = new Set<string>();
      for (const { text, isAlias } of phrases) {
        const stems = contentStems(text);
        const key = stems.join(' ');
        if (stems.length === 0 || seen.has(key)) continue; // a keyword beats the same alias
        seen.add(key);
        const entry: KeywordEntry = { id: nextId++, element, text, stems, isAlias };
        stems.forEach((s) => this.knownStems.add(s));
        if (stems.length === 1) {
          const [only] = stems as [string];
          this.push(this.singleWord, only, entry);
          if (!isAlias) {
            const owners = singleOwners.get(only) ?? new Set<string>();
            owners.add(element.id);
            singleOwners.set(only, owners);
          }
          if (only.length >= 4) this.push(typo, only, entry);
        } else {
          for (const s of new Set(stems)) this.push(this.phrasesByStem, s, entry);
        }
      }
    }
    for (const [stemValue, owners] of singleOwners) {
      if (owners.size === 1) this.distinctiveStems.add(stemValue);
    }
    for (const [stemValue, entries] of typo) {
      const index = this.typoTargets.length;
      const grams = trigrams(stemValue);
      this.typoTargets.push({ stem: stemValue, grams, entries });
      for (const gram of grams) this.push(this.typoByGram, gram, index);
    }
  }

  private push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
}

/** Folded, stemmed token sequence of a text, for rule and warning keyword checks. */
export const stemSequence = (text: string): string[] => tokenize(text).map(stem);

/** True when `needle` occurs as a contiguous run inside `haystack`. */
export const containsSequence = (
  haystack: readonly string[],
  needle: readonly string[],
): boolean => {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
};

export { foldText };
