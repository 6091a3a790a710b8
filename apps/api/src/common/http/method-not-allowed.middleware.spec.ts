import { HttpException } from '@nestjs/common';
import { Request, Response } from 'express';
import { methodNotAllowedMiddleware } from './method-not-allowed.middleware';

const routes = [
  { method: 'POST', path: '/api/admin/tariff-tiers/:tierId/inclusions/batch' },
  { method: 'PUT', path: '/api/admin/tariff-tiers/:tierId/inclusions/:inclusionId' },
  { method: 'DELETE', path: '/api/admin/tariff-tiers/:tierId/inclusions/:inclusionId' },
  { method: 'GET', path: '/api/admin/cases' },
];

const run = (method: string, url: string): { error: unknown; allow?: string } => {
  const headers: Record<string, string> = {};
  let error: unknown = 'not called';
  methodNotAllowedMiddleware(routes)(
    { method, originalUrl: url, url } as Request,
    { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response,
    (err?: unknown) => (error = err),
  );
  return { error, allow: headers.Allow };
};

describe('methodNotAllowedMiddleware', () => {
  it('prefers the concrete path: PUT …/inclusions/batch is a 405 naming POST', () => {
    const { error, allow } = run('PUT', '/api/admin/tariff-tiers/x/inclusions/batch');
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(405);
    expect(allow).toBe('POST');
  });

  it('lets served methods and unknown paths through', () => {
    expect(run('PUT', '/api/admin/tariff-tiers/x/inclusions/y').error).toBeUndefined();
    expect(run('POST', '/api/admin/tariff-tiers/x/inclusions/batch?a=1').error).toBeUndefined();
    expect(run('HEAD', '/api/admin/cases').error).toBeUndefined();
    expect(run('GET', '/api/admin/nothing').error).toBeUndefined();
    expect(run('DELETE', '/api/admin/cases/').allow).toBe('GET');
  });
});
