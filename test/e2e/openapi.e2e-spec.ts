import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { bootApi, TestApi } from '../support/api';
import { liveRoutes } from '../support/routes';

interface OpenApiOperation {
  summary?: string;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/**
 * People generate clients from /docs-json, so the document must be valid OpenAPI 3 and cover
 * every route the app serves (undeclared path parameters and broken $refs fail validation).
 */
describe('OpenAPI document (e2e)', () => {
  let api: TestApi;
  let document: OpenApiDocument;

  beforeAll(async () => {
    api = await bootApi();
    const res = await request(api.app.getHttpServer()).get('/docs-json').expect(200);
    document = res.body as OpenApiDocument;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('validates as OpenAPI 3', async () => {
    expect(document.openapi).toMatch(/^3\./);
    // validate() dereferences and mutates; give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents every served route with a summary and its responses', () => {
    const missing: string[] = [];
    for (const route of liveRoutes(api.app)) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = document.paths?.[path]?.[route.method.toLowerCase()];
      if (!operation) {
        missing.push(`${route.method} ${path} (not documented)`);
        continue;
      }
      if (!operation.summary) missing.push(`${route.method} ${path} (no summary)`);
      if (Object.keys(operation.responses ?? {}).length === 0) {
        missing.push(`${route.method} ${path} (no responses)`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares the bearer scheme on protected routes and not on public ones', () => {
    const login = document.paths['/api/admin/auth/login']?.post;
    expect(login?.security ?? []).toEqual([]);
    const me = document.paths['/api/admin/auth/me']?.get;
    expect(me?.security).toEqual([{ bearer: [] }]);
  });
});
