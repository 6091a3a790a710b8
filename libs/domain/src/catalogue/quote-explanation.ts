import type { MatchResult } from './matcher';
import type { QuoteFacts } from './quote-engine';
import type { TierRejection } from './tier-selection';

/**
 * Spanish wording of how a quote was reached (for staff). Pricing decides; these functions
 * only describe its facts, so a change of wording never touches a price.
 */

export function describeTierRejection(rejection: TierRejection): string {
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
}

/** Rejected codes, keyword rules, skipped tiers, the chosen tier and its price. */
export function explainQuote(facts: QuoteFacts): string[] {
  const { tier, tierSelection: selection } = facts;
  const explanation: string[] = [];
  for (const rejected of facts.rejectedCodes) {
    explanation.push(
      rejected.reason === 'needs_variant'
        ? `${rejected.code} necesita elegir variante (${rejected.options.map((o) => o.code).join(', ')}).`
        : `${rejected.code} no es un elemento ${rejected.reason === 'inactive' ? 'activo ' : ''}de ${facts.category.slug}.`,
    );
  }
  for (const rule of selection.matchedRules) {
    explanation.push(
      rule.selected
        ? `Regla de ${rule.tierCode} (prioridad ${rule.priority}) por "${rule.keyword}": aplicada.`
        : `Regla de ${rule.tierCode} (prioridad ${rule.priority}) por "${rule.keyword}": descartada, ${rule.rejection ? describeTierRejection(rule.rejection) : 'ya había una tarifa elegida'}.`,
    );
  }
  if (selection.reason?.kind === 'cheapest_eligible' && tier) {
    const skipped = selection.checks.filter((check) => !check.eligible && check.rejection);
    for (const check of skipped) {
      if (check.tierCode === tier.code) break;
      explanation.push(
        `${check.tierCode} descartada: ${describeTierRejection(check.rejection as TierRejection)}.`,
      );
    }
    explanation.push(`${tier.code} es la tarifa más barata que admite estos elementos.`);
  }
  if (facts.elements.length > 0 && !tier) {
    explanation.push('Ninguna tarifa admite esta combinación: consultar con un técnico.');
  }
  if (tier) {
    explanation.push(
      `Precio: ${tier.price.toFixed(2)} EUR + IVA por ${facts.elementCount} elemento(s) (${tier.code} ${tier.name}).`,
    );
  }
  return explanation;
}

/** How a message was understood: recognised, excluded, open variants, ambiguities, leftovers. */
export function explainMatch(match: MatchResult): string[] {
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
  return explanation;
}
