import { HttpException, HttpStatus } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';

export const METHOD_NOT_ALLOWED_CODE = 'METHOD_NOT_ALLOWED';

interface PathTemplate {
  /** Lower-case literal segments; null where the template has a parameter. */
  segments: (string | null)[];
  methods: Set<string>;
}

const splitPath = (path: string): string[] => path.split('/').filter((part) => part.length > 0);

/** Left-most literal wins: `/tiers/:id/inclusions/batch` is more specific than `…/:inclusionId`. */
const moreSpecific = (a: PathTemplate, b: PathTemplate): boolean => {
  for (let i = 0; i < a.segments.length; i += 1) {
    const literalA = a.segments[i] !== null;
    const literalB = b.segments[i] !== null;
    if (literalA !== literalB) return literalA;
  }
  return false;
};

/**
 * Resolves a request path the way OpenAPI does (a concrete path beats a templated one) and
 * answers 405 with `Allow` when that path exists but not for this method. So
 * `PUT /tariff-tiers/{id}/inclusions/batch` is a 405 naming POST instead of falling into
 * `PUT …/inclusions/{inclusionId}`, and `DELETE /api/admin/cases` is a 405 rather than a 404.
 */
export function methodNotAllowedMiddleware(
  routes: readonly { method: string; path: string }[],
): RequestHandler {
  const byPath = new Map<string, PathTemplate>();
  for (const route of routes) {
    const segments = splitPath(route.path).map((segment) =>
      segment.startsWith(':') || segment.startsWith('*') ? null : segment.toLowerCase(),
    );
    const key = segments.map((segment) => segment ?? ':').join('/');
    const template = byPath.get(key) ?? { segments, methods: new Set<string>() };
    template.methods.add(route.method.toUpperCase());
    byPath.set(key, template);
  }
  const templates = [...byPath.values()];

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    // originalUrl: a mounted middleware sees `req.path` relative to its mount point.
    const pathname = (req.originalUrl ?? req.url).split('?')[0] ?? '';
    const segments = splitPath(pathname).map((segment) => segment.toLowerCase());
    let best: PathTemplate | null = null;
    for (const template of templates) {
      if (template.segments.length !== segments.length) continue;
      if (!template.segments.every((literal, i) => literal === null || literal === segments[i])) {
        continue;
      }
      if (best === null || moreSpecific(template, best)) best = template;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (best === null || best.methods.has(method)) {
      next();
      return;
    }
    const allowed = [...best.methods].sort();
    res.setHeader('Allow', allowed.join(', '));
    next(
      new HttpException(
        {
          error_code: METHOD_NOT_ALLOWED_CODE,
          message: `Método ${req.method} no permitido en esta ruta (admite: ${allowed.join(', ')})`,
        },
        HttpStatus.METHOD_NOT_ALLOWED,
      ),
    );
  };
}
