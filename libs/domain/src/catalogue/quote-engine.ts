import { CatalogueIndex, IndexedElement } from './catalogue-index';
import { CodeRejection, normaliseCode } from './codes';
import { ElementMatcher, MatchResult } from './matcher';
import { CatalogueSnapshot, ImageStatus, ImageType, SnapshotRequiredField } from './snapshot';
import { QuoteItem, selectTier, TierRejection, TierSelection } from './tier-selection';
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

export interface TextQuoteResult {
  match: MatchResult;
  quote: QuoteResult;
  /** False while variant questions or ambiguities are open: the price may still change. */
  complete: boolean;
}

const describeRejection = (rejection: TierRejection): string => {
  switch (rejection.reason) {
    case 'count_out_of_range':
      return `${rejection.count} elemento(s) fuera del rango [${rejection.min ?? '-'}, ${rejection.max ?? '∞'}]`;
    case 'elements_not_included':
      return `no incluye ${rejection.codes.join(', ')}`;
    case 'quantity_above_max':
      return `${rejection.code} admite como máximo ${rejection.max} (pedido ${rejection.quantity})`;
    case 'too_many_outside':
      return `admite como máximo ${rejection.max} elemento(s) fuera de ${rejection.tierCode} (hay ${rejection.count}: ${rejection.codes.join(', ')})`;
  }
};

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
    const explanation = match.elements.map(
      (el) =>
        `Elemento ${el.code} reconocido por "${el.matchedTerms.join(' ')}" (puntuación ${el.score}${el.via === 'keyword' ? '' : `, vía ${el.via}`})${el.quantity > 1 ? `, cantidad ${el.quantity}` : ''}.`,
    );
    match.excluded.forEach((el) =>
      explanation.push(`Elemento ${el.code} excluido por el cliente ("${el.terms.join(' ')}").`),
    );
    match.variantQuestions.forEach((q) =>
      explanation.push(`Falta elegir variante de ${q.baseCode}: ${q.question}`),
    );
    match.ambiguities.forEach((a) =>
      explanation.push(
        `"${a.terms.join(' ')}" es ambiguo: ${a.candidates.map((c) => c.code).join(' / ')}.`,
      ),
    );
    if (match.unmatchedTerms.length > 0) {
      explanation.push(`Términos no reconocidos: ${match.unmatchedTerms.join(', ')}.`);
    }
    quote.explanation = [...explanation, ...quote.explanation];
    return {
      match,
      quote,
      complete: match.variantQuestions.length === 0 && match.ambiguities.length === 0,
    };
  }

  /** Prices a list of element codes (quantities default to 1; repeated codes add up). */
  public quote(request: readonly QuoteRequestItem[]): QuoteResult {
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

    const explanation: string[] = [];
    for (const rejected of rejectedCodes) {
      explanation.push(
        rejected.reason === 'needs_variant'
          ? `${rejected.code} necesita elegir variante (${rejected.options.map((o) => o.code).join(', ')}).`
          : `${rejected.code} no es un elemento ${rejected.reason === 'inactive' ? 'activo ' : ''}de ${category.slug}.`,
      );
    }
    for (const rule of selection.matchedRules) {
      explanation.push(
        rule.selected
          ? `Regla de ${rule.tierCode} (prioridad ${rule.priority}) por "${rule.keyword}": aplicada.`
          : `Regla de ${rule.tierCode} (prioridad ${rule.priority}) por "${rule.keyword}": descartada, ${rule.rejection ? describeRejection(rule.rejection) : 'ya había una tarifa elegida'}.`,
      );
    }
    if (selection.reason?.kind === 'cheapest_eligible' && tier) {
      const skipped = selection.checks.filter((check) => !check.eligible && check.rejection);
      for (const check of skipped) {
        if (check.tierCode === tier.code) break;
        explanation.push(
          `${check.tierCode} descartada: ${describeRejection(check.rejection as TierRejection)}.`,
        );
      }
      explanation.push(`${tier.code} es la tarifa más barata que admite estos elementos.`);
    }
    if (items.length > 0 && !tier) {
      explanation.push('Ninguna tarifa admite esta combinación: consultar con un técnico.');
    }
    if (tier) {
      explanation.push(
        `Precio: ${tier.price.toFixed(2)} EUR + IVA por ${selection.elementCount} elemento(s) (${tier.code} ${tier.name}).`,
      );
    }

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
      explanation,
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
