import { CatalogueIndex, IndexedElement } from './catalogue-index';
import { CodeRejection, normaliseCode } from './codes';
import { ElementMatcher, MatchResult } from './matcher';
import { CatalogueSnapshot, ImageStatus, ImageType, SnapshotRequiredField } from './snapshot';
import { explainMatch, explainQuote } from './quote-explanation';
import { QuoteItem, selectTier, TierSelection } from './tier-selection';
import { ResolvedWarnings, resolveWarnings } from './warnings';

export interface QuoteRequestItem {
  code: string;
  quantity?: number;
}

export interface QuotedElement {
  elementId: string;
  code: string;
  name: string;
  quantity: number;
}

export interface QuotedTier {
  id: string;
  code: string;
  name: string;
  description: string | null;
  price: number;
  conditions: string | null;
  requiresProject: boolean;
}

export interface ElementImageView {
  id: string;
  url: string;
  type: ImageType;
  title: string | null;
  description: string | null;
  isRequired: boolean;
  status: ImageStatus;
  userInstruction: string | null;
  /** Code of the ancestor the image is inherited from, when not the element's own. */
  inheritedFrom: string | null;
}

export interface ElementDocumentation {
  code: string;
  name: string;
  images: ElementImageView[];
  requiredFields: Pick<
    SnapshotRequiredField,
    'fieldKey' | 'fieldLabel' | 'fieldType' | 'isRequired'
  >[];
}

export interface QuoteResult {
  category: { id: string; slug: string; name: string; clientType: string };
  elements: QuotedElement[];
  rejectedCodes: {
    code: string;
    reason: CodeRejection;
    options: { code: string; name: string }[];
  }[];
  elementCount: number;
  tier: QuotedTier | null;
  /** EUR without VAT; null when no tier can price the request ("consultar"). */
  price: number | null;
  currency: 'EUR';
  vatIncluded: false;
  tierSelection: {
    reason: TierSelection['reason'];
    matchedRules: TierSelection['matchedRules'];
    checks: TierSelection['checks'];
  };
  warnings: ResolvedWarnings;
  documentation: {
    base: { id: string; description: string; imageUrl: string | null; sortOrder: number }[];
    elements: ElementDocumentation[];
  };
  /** Only `active` images may be sent to a customer. */
  sendableImages: (ElementImageView & { elementCode: string })[];
  additionalServices: {
    id: string;
    code: string;
    name: string;
    description: string | null;
    price: number;
    scope: 'category' | 'global';
  }[];
  /** Spanish sentences explaining how the result was reached (for staff). */
  explanation: string[];
}

/** A quote without its explanation: what pricing decides. */
export type QuoteFacts = Omit<QuoteResult, 'explanation'>;

export interface TextQuoteResult {
  match: MatchResult;
  quote: QuoteResult;
  /** False while variant questions or ambiguities are open: the price may still change. */
  complete: boolean;
}

/**
 * The one quote engine: element matching, tier selection with inclusions (one tier's price),
 * warnings, documentation and sendable images. Built once per catalogue snapshot; every call
 * is synchronous, allocation-light and free of I/O.
 */
export class QuoteEngine {
  public readonly index: CatalogueIndex;
  private readonly matcher: ElementMatcher;
  /** Documentation is a pure function of the element: built once per engine. */
  private readonly docs = new Map<string, ElementDocumentation>();
  private readonly services: QuoteResult['additionalServices'];
  private readonly baseDocs: QuoteResult['documentation']['base'];

  public constructor(snapshot: CatalogueSnapshot) {
    this.index = CatalogueIndex.build(snapshot);
    this.matcher = new ElementMatcher(this.index);
    this.services = snapshot.additionalServices
      .filter((service) => service.isActive)
      .sort(
        (a, b) =>
          Number(a.categoryId === null) - Number(b.categoryId === null) ||
          a.sortOrder - b.sortOrder,
      )
      .map((service) => ({
        id: service.id,
        code: service.code,
        name: service.name,
        description: service.description,
        price: service.price,
        scope: service.categoryId ? ('category' as const) : ('global' as const),
      }));
    this.baseDocs = [...snapshot.baseDocumentation].sort((a, b) => a.sortOrder - b.sortOrder);
  }

  public get snapshot(): CatalogueSnapshot {
    return this.index.snapshot;
  }

  /** What the customer's message names: elements, quantities, variant questions, leftovers. */
  public match(text: string): MatchResult {
    return this.matcher.match(text);
  }

  /** Understands a message and prices what is already unambiguous. */
  public quoteText(text: string): TextQuoteResult {
    const match = this.matcher.match(text);
    const quote = this.quote(
      match.elements.map((el) => ({ code: el.code, quantity: el.quantity })),
    );
    quote.explanation = [...explainMatch(match), ...quote.explanation];
    return {
      match,
      quote,
      complete: match.variantQuestions.length === 0 && match.ambiguities.length === 0,
    };
  }

  /** Prices a list of element codes (quantities default to 1; repeated codes add up). */
  public quote(request: readonly QuoteRequestItem[]): QuoteResult {
    const facts = this.price(request);
    return { ...facts, explanation: explainQuote(facts) };
  }

  /** The facts of a quote: what was priced, by which tier and why (no wording). */
  private price(request: readonly QuoteRequestItem[]): QuoteFacts {
    const rejectedCodes: QuoteResult['rejectedCodes'] = [];
    const quantities = new Map<IndexedElement, number>();
    for (const item of request) {
      const normalised = normaliseCode(this.index, item.code);
      if (normalised.rejection || !normalised.element) {
        rejectedCodes.push({
          code: item.code,
          reason: normalised.rejection ?? 'unknown',
          options:
            normalised.rejection === 'needs_variant' && normalised.element
              ? normalised.element.children.map((child) => ({ code: child.code, name: child.name }))
              : [],
        });
        continue;
      }
      const quantity = Math.max(1, Math.floor(item.quantity ?? 1));
      quantities.set(normalised.element, (quantities.get(normalised.element) ?? 0) + quantity);
    }
    const items: QuoteItem[] = [...quantities].map(([element, quantity]) => ({
      element,
      quantity,
    }));
    const selection = selectTier(this.index, items);
    const tier = selection.tier?.source ?? null;
    const { category } = this.snapshot;
    const documentation = items.map((item) => this.documentation(item.element));

    return {
      category: {
        id: category.id,
        slug: category.slug,
        name: category.name,
        clientType: category.clientType,
      },
      elements: items.map((item) => ({
        elementId: item.element.id,
        code: item.element.code,
        name: item.element.name,
        quantity: item.quantity,
      })),
      rejectedCodes,
      elementCount: selection.elementCount,
      tier: tier
        ? {
            id: tier.id,
            code: tier.code,
            name: tier.name,
            description: tier.description,
            price: tier.price,
            conditions: tier.conditions,
            requiresProject: tier.classificationRules?.requiresProject ?? false,
          }
        : null,
      price: tier ? tier.price : null,
      currency: 'EUR',
      vatIncluded: false,
      tierSelection: {
        reason: selection.reason,
        matchedRules: selection.matchedRules,
        checks: selection.checks,
      },
      warnings:
        items.length > 0
          ? resolveWarnings(this.index, items, selection.tier)
          : { general: [], byElement: [] },
      documentation: {
        base: items.length > 0 ? this.baseDocs : [],
        elements: documentation,
      },
      sendableImages: documentation.flatMap((doc) =>
        doc.images
          .filter((image) => image.status === 'active')
          .map((image) => ({ ...image, elementCode: doc.code })),
      ),
      additionalServices: this.services,
    };
  }

  /** Images (own, then inherited by URL) and required fields of one element. */
  public documentation(element: IndexedElement): ElementDocumentation {
    const cached = this.docs.get(element.id);
    if (cached) return cached;
    const built = this.buildDocumentation(element);
    this.docs.set(element.id, built);
    return built;
  }

  private buildDocumentation(element: IndexedElement): ElementDocumentation {
    const images: ElementImageView[] = [];
    const urls = new Set<string>();
    for (const owner of [element, ...element.inheritanceChain]) {
      const own = [...owner.source.images].sort((a, b) => a.sortOrder - b.sortOrder);
      for (const image of own) {
        if (urls.has(image.imageUrl)) continue; // the child's image overrides the inherited one
        urls.add(image.imageUrl);
        images.push({
          id: image.id,
          url: image.imageUrl,
          type: image.imageType,
          title: image.title,
          description: image.description,
          isRequired: image.isRequired,
          status: image.status,
          userInstruction: image.userInstruction,
          inheritedFrom: owner === element ? null : owner.code,
        });
      }
    }
    return {
      code: element.code,
      name: element.name,
      images,
      requiredFields: element.source.requiredFields
        .filter((field) => field.isActive)
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map(({ fieldKey, fieldLabel, fieldType, isRequired }) => ({
          fieldKey,
          fieldLabel,
          fieldType,
          isRequired,
        })),
    };
  }
}
