import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { loginAs } from '../support/auth';
import { seedCatalogue } from '../support/catalogue';
import { liveRoutes } from '../support/routes';

interface OpenApiSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  required?: string[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: unknown;
}
interface OpenApiOperation {
  summary?: string;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: OpenApiSchema }[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
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

  const operations = (): [string, OpenApiOperation][] =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]): [string, OpenApiOperation] => [
        `${method.toUpperCase()} ${path}`,
        op,
      ]),
    );

  /** Component schemas used as JSON request bodies (and the schemas they reference). */
  const requestSchemas = (): Map<string, OpenApiSchema> => {
    const found = new Map<string, OpenApiSchema>();
    const visit = (schema: OpenApiSchema | undefined): void => {
      if (!schema) return;
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop() as string;
        if (found.has(name)) return;
        const target = document.components.schemas[name];
        found.set(name, target);
        visit(target);
        return;
      }
      Object.values(schema.properties ?? {}).forEach(visit);
      visit((schema as { items?: OpenApiSchema }).items);
    };
    for (const [, op] of operations()) visit(op.requestBody?.content?.['application/json']?.schema);
    return found;
  };

  it('documents numeric query parameters as bounded integers', () => {
    const wrong = operations().flatMap(([name, op]) =>
      (op.parameters ?? [])
        .filter((param) => param.in === 'query' && param.schema?.type === 'number')
        .map((param) => `${name} ?${param.name}`),
    );
    expect(wrong).toEqual([]);
    const offset = document.paths['/api/admin/vehicle-categories']?.get?.parameters?.find(
      (param) => param.name === 'offset',
    );
    expect(offset?.schema).toMatchObject({ type: 'integer', minimum: 0, maximum: 1_000_000 });
  });

  it('gives every required string of a request body a minLength of at least 1', () => {
    const missing: string[] = [];
    for (const [name, schema] of requestSchemas()) {
      for (const field of schema.required ?? []) {
        const property = schema.properties?.[field];
        if (property?.type !== 'string' || property.enum || property.format === 'uuid') continue;
        if (!(typeof property.minLength === 'number' && property.minLength >= 1)) {
          missing.push(`${name}.${field}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('closes request bodies with additionalProperties: false (unknown fields are a 422)', () => {
    const schemas = requestSchemas();
    expect(schemas.size).toBeGreaterThan(20);
    const open = [...schemas]
      .filter(([, schema]) => schema.type === 'object' && schema.additionalProperties !== false)
      .map(([name]) => name);
    expect(open).toEqual([]);
  });

  it('reaches the batch inclusion route (POST 201; PUT is a 405 naming POST)', async () => {
    await seedCatalogue(api);
    const { token } = await loginAs(api, AdminRole.USER);
    const http = request(api.app.getHttpServer());
    const auth = { Authorization: `Bearer ${token}` };
    const categories = await http.get('/api/admin/vehicle-categories').set(auth).expect(200);
    const categoryId = (categories.body.items as { id: string }[])[0]?.id;
    const tier = await request(api.app.getHttpServer())
      .post('/api/admin/tariff-tiers')
      .set(auth)
      .send({ category_id: categoryId, code: 'TB', name: 'Batch', price: 10 })
      .expect(201);
    const other = await request(api.app.getHttpServer())
      .post('/api/admin/tariff-tiers')
      .set(auth)
      .send({ category_id: categoryId, code: 'TC', name: 'Included', price: 5 })
      .expect(201);
    const path = `/api/admin/tariff-tiers/${tier.body.id}/inclusions/batch`;
    const created = await request(api.app.getHttpServer())
      .post(path)
      .set(auth)
      .send({ inclusions: [{ included_tier_id: other.body.id }] })
      .expect(201);
    expect(created.body).toMatchObject({ tier_id: tier.body.id, created_count: 1 });
    const put = await request(api.app.getHttpServer())
      .put(path)
      .set(auth)
      .send({ inclusions: [] })
      .expect(405);
    expect(put.headers.allow).toBe('POST');
    expect(put.body).toMatchObject({ success: false, error_code: 'METHOD_NOT_ALLOWED' });
  });
});
