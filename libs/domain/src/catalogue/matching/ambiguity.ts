/**
 * Overlaps and ambiguity: when one finalist's strong evidence is contained in another's, the
 * more specific mention wins ("luz de matricula" over "matricula"); when two elements rest on
 * exactly the same words with the same score, neither is taken and the tie is reported as an
 * ambiguity, since guessing would quote the wrong element.
 */
import { Choice, Chosen, Resolved } from './candidates';
import { Ambiguity } from './result';
import { roundScore, Scored } from './scoring';
import { termsAt } from './terms';
import { Token } from './tokens';

/** Step 6: evidence subsumption and ambiguity among what is left. */
export const resolveOverlaps = (
  tokens: Token[],
  chosen: Chosen,
  resolved: Resolved,
  scoredPositive: Map<string, Scored>,
): {
  finalists: Choice[];
  dropped: Set<string>;
  ambiguities: Ambiguity[];
} => {
  const finalists = [...chosen.values()];
  // Variants resolved from a base also outrank plainer mentions ("luz de matricula").
  const dominators = [
    ...finalists,
    ...resolved
      .filter((item) => item.via === 'variant_answer')
      .map((item) => ({
        scored: scoredPositive.get(item.element.id) ?? item.scored,
        via: item.via,
      })),
  ];
  const dropped = new Set<string>();
  const ambiguities: Ambiguity[] = [];
  const groups = new Map<string, Scored[]>();
  for (const a of finalists) {
    for (const b of dominators) {
      if (a === b || a.scored === b.scored || dropped.has(b.scored.element.id)) continue;
      const ea = a.scored.strong;
      const eb = b.scored.strong;
      if (![...ea].every((token) => eb.has(token))) continue;
      // A more specific mention wins ("luz de matricula" over "matricula").
      if (ea.size < eb.size || a.scored.score < b.scored.score) dropped.add(a.scored.element.id);
      else if (a.scored.score === b.scored.score && ea.size === eb.size) {
        const key = [...ea].sort((x, y) => x - y).join(',');
        const group = groups.get(key) ?? [];
        if (!group.includes(a.scored)) group.push(a.scored);
        if (!group.includes(b.scored)) group.push(b.scored);
        groups.set(key, group);
      }
    }
  }
  for (const group of groups.values()) {
    group.forEach((scored) => dropped.add(scored.element.id));
    ambiguities.push({
      terms: termsAt(tokens, group[0]?.strong ?? new Set()),
      candidates: group.map((scored) => ({
        code: scored.element.code,
        name: scored.element.name,
        score: roundScore(scored.score),
      })),
    });
  }
  return { finalists, dropped, ambiguities };
};
