/**
 * Response constraints: deterministic guards on the assistant's reply. A rule says "a reply
 * that matches this pattern must come from a turn that used one of these tools" (e.g. a price
 * may only be stated after the quote tool ran). The driver checks the reply before sending it
 * and, on a violation, retries the turn with the rule's `errorInjection` as a correction.
 */

export interface ResponseConstraintRule {
  id: string;
  /** Short machine name, e.g. `price_requires_tool`. */
  constraintType: string;
  /** Regular expression (JavaScript syntax, matched case-insensitively) over the reply text. */
  detectionPattern: string;
  /** Any one of these tools used in the turn satisfies the rule. */
  requiredTools: string[];
  /** Correction given to the model when the rule is violated. */
  errorInjection: string;
  /** Higher first. */
  priority: number;
  /** null = applies to every vehicle category. */
  categoryId: string | null;
}

/** `a|b| c ` → `['a', 'b', 'c']` (the stored form of `required_tool` is pipe-separated). */
export const parseRequiredTools = (requiredTool: string): string[] =>
  requiredTool
    .split('|')
    .map((tool) => tool.trim())
    .filter((tool) => tool.length > 0);

// Compiled patterns by source; null = does not compile (skipped rather than failing a reply).
const compiled = new Map<string, RegExp | null>();
const MAX_CACHED_PATTERNS = 1000;

export function compileConstraintPattern(pattern: string): RegExp | null {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  let regex: RegExp | null;
  try {
    regex = new RegExp(pattern, 'iu');
  } catch {
    try {
      // Patterns written without the unicode flag in mind (e.g. `\-` outside a class) still count.
      regex = new RegExp(pattern, 'i');
    } catch {
      regex = null;
    }
  }
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

/**
 * The rules the reply breaks: its text matches the rule's pattern and none of the rule's
 * required tools ran this turn. Sorted by priority, highest first.
 */
export function violatedConstraints(
  replyText: string,
  rules: readonly ResponseConstraintRule[],
  toolsUsedThisTurn: Iterable<string>,
): ResponseConstraintRule[] {
  const used = new Set(toolsUsedThisTurn);
  return rules
    .filter((rule) => {
      if (rule.requiredTools.some((tool) => used.has(tool))) return false;
      const regex = compileConstraintPattern(rule.detectionPattern);
      return regex !== null && regex.test(replyText);
    })
    .sort((a, b) => b.priority - a.priority);
}
