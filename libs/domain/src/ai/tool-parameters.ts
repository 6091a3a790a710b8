/**
 * Bounds what a tool call's parameters may put into the tool-call log: long strings are cut,
 * deep or wide structures are pruned, and the whole value visits a bounded number of nodes, so
 * one call with a huge argument cannot bloat the log table.
 */

export const TOOL_PARAMETER_LIMITS = {
  /** Longest string kept, ellipsis included. */
  maxStringLength: 200,
  /** Nesting below this depth is replaced by a marker. */
  maxDepth: 5,
  /** Array items / object keys kept per level. */
  maxEntries: 50,
  /** Values visited in total; the rest is replaced by a marker. */
  maxNodes: 500,
} as const;

interface Budget {
  nodes: number;
  maxStringLength: number;
}

export const TRUNCATED_MARKER = '[truncated]';

export const truncateString = (
  value: string,
  max: number = TOOL_PARAMETER_LIMITS.maxStringLength,
): string => (value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`);

/** A JSON-safe, size-bounded copy of a tool call's parameters (the input is not modified). */
export function truncateToolParameters(
  parameters: Record<string, unknown>,
  maxStringLength: number = TOOL_PARAMETER_LIMITS.maxStringLength,
): Record<string, unknown> {
  const budget = { nodes: TOOL_PARAMETER_LIMITS.maxNodes, maxStringLength };
  const copy = boundValue(parameters, 0, budget);
  return copy !== null && typeof copy === 'object' && !Array.isArray(copy)
    ? (copy as Record<string, unknown>)
    : {};
}

function boundValue(value: unknown, depth: number, budget: Budget): unknown {
  if (budget.nodes <= 0) return TRUNCATED_MARKER;
  budget.nodes -= 1;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return truncateString(value, budget.maxStringLength);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return null; // undefined, functions, symbols: not JSON
  if (depth >= TOOL_PARAMETER_LIMITS.maxDepth) return TRUNCATED_MARKER;
  if (Array.isArray(value)) {
    const items = value
      .slice(0, TOOL_PARAMETER_LIMITS.maxEntries)
      .map((item) => boundValue(item, depth + 1, budget));
    if (value.length > TOOL_PARAMETER_LIMITS.maxEntries) items.push(TRUNCATED_MARKER);
    return items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries.slice(0, TOOL_PARAMETER_LIMITS.maxEntries)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out[truncateString(key, 100)] = boundValue(item, depth + 1, budget);
  }
  if (entries.length > TOOL_PARAMETER_LIMITS.maxEntries) out[TRUNCATED_MARKER] = true;
  return out;
}
