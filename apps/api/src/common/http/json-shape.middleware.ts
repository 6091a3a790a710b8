import { NextFunction, Request, Response } from 'express';
import { DomainError } from '@app/domain';

/** Deepest nesting any request body needs (Chatwoot events are well below it). */
export const MAX_JSON_DEPTH = 32;
/** Most values (objects, arrays, scalars) a body may hold; bounds validation work per request. */
export const MAX_JSON_NODES = 20_000;

export const JSON_SHAPE_ERROR_CODE = 'REQUEST_BODY_TOO_COMPLEX';

/**
 * Depth and size of a parsed JSON value, walked iteratively (a recursive walk is exactly what a
 * deeply nested body would overflow). Stops as soon as a limit is passed.
 */
export function exceedsJsonLimits(
  value: unknown,
  limits: { maxDepth: number; maxNodes: number } = {
    maxDepth: MAX_JSON_DEPTH,
    maxNodes: MAX_JSON_NODES,
  },
): 'depth' | 'nodes' | null {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    nodes += 1;
    if (nodes > limits.maxNodes) return 'nodes';
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limits.maxDepth) return 'depth';
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}

/**
 * Runs after the body parsers and before routing, on every route: a body nested deeper than
 * MAX_JSON_DEPTH or holding more than MAX_JSON_NODES values is a 400 in the one error shape,
 * before validation or any handler recurses into it.
 */
export function jsonShapeMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) {
    next();
    return;
  }
  const exceeded = exceedsJsonLimits(body);
  if (exceeded === null) {
    next();
    return;
  }
  next(
    new DomainError(
      'invalid',
      JSON_SHAPE_ERROR_CODE,
      exceeded === 'depth'
        ? `El cuerpo de la petición está anidado más de ${MAX_JSON_DEPTH} niveles`
        : `El cuerpo de la petición tiene más de ${MAX_JSON_NODES} valores`,
      { max_depth: MAX_JSON_DEPTH, max_values: MAX_JSON_NODES },
    ),
  );
}
