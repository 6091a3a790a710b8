/**
 * Contract fuzzing driven by the live /docs-json: for every operation, valid-ish requests built
 * from its schemas, boundary values (0, −1, 2^31, 2^63, 1e21, 1e-7, '', long strings, null,
 * wrong types, nesting, arrays), malformed JSON, extra properties and bad path parameters, with
 * no token, a `user` and an `admin`. Every answer must be below 500 and one of the statuses the
 * document declares for the operation; unsupported methods on a documented path must be 405
 * with `Allow`. Deterministic (seeded PRNG) and bounded (≈25 requests per operation).
 */
import request from 'supertest';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { createStaff, login, loginAs, StaffUser } from '../support/auth';
import { CaseSeeder } from '../support/cases';
import { seedCatalogue } from '../support/catalogue';
import { seededRandom } from '../support/random';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  example?: unknown;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
  'x-required-roles'?: string[];
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

type Credential = 'none' | 'user' | 'admin';

interface FuzzRequest {
  label: string;
  credential: Credential;
  pathValues: Record<string, string>;
  query: Record<string, string>;
  /** `undefined` = no body; `{ raw }` is sent verbatim as application/json (malformed JSON). */
  body?: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const WEBHOOK_TOKEN = 'fuzz-webhook-token-0123456789';

const nested = (depth: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

/** Values every field gets tried with: bounds of int4/int8, float oddities, types, shapes. */
const BOUNDARY_VALUES: unknown[] = [
  0,
  -1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  1e21,
  1e-7,
  1.5,
  '',
  ' ',
  'x'.repeat(10_001),
  null,
  true,
  'texto',
  '1e21',
  {},
  { $gt: '' },
  [],
  [1, 'a', null],
  nested(40),
];

const QUERY_VALUES = [
  '0',
  '-1',
  '2147483648',
  '9223372036854775808',
  '1e21',
  '1e-7',
  '1.5',
  '',
  'null',
  'true',
  'abc',
  'x'.repeat(3000),
];

const PATH_VALUES = [
  'not-a-uuid',
  'batch',
  '0',
  '1e21',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(600),
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
];

describe('OpenAPI fuzz over every operation (e2e)', () => {
  let api: TestApi;
  let doc: Document;
  let tokens: Record<'user' | 'admin', string>;
  let fuzzStaff: { admin: StaffUser; user: StaffUser };
  const realIds = new Map<string, string[]>();
  const random = seededRandom(20240611);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  };

  const server = () => api.app.getHttpServer();

  const resolve = (schema: Schema | undefined): Schema => {
    let current = schema ?? {};
    for (let i = 0; current.$ref && i < 10; i += 1) {
      current = doc.components.schemas[current.$ref.split('/').pop() as string] ?? {};
    }
    if (current.allOf?.length) {
      return current.allOf.map(resolve).reduce((a, b) => ({
        ...a,
        ...b,
        properties: { ...a.properties, ...b.properties },
        required: [...(a.required ?? []), ...(b.required ?? [])],
      }));
    }
    return current;
  };

  /** A value the schema accepts, as far as the schema can say. */
  const validValue = (raw: Schema | undefined, depth = 0): unknown => {
    const schema = resolve(raw);
    if (schema.example !== undefined && random() < 0.5) return schema.example;
    if (schema.enum?.length) return pick(schema.enum);
    if (schema.oneOf?.length) return validValue(pick(schema.oneOf), depth);
    switch (schema.type) {
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? 0;
        const max = Math.min(schema.maximum ?? 1000, min + 1000);
        return Math.floor(min + random() * (max - min + 1));
      }
      case 'boolean':
        return random() < 0.5;
      case 'array': {
        if (depth > 4) return [];
        const count = Math.max(schema.minItems ?? 0, 1);
        return Array.from({ length: count }, () => validValue(schema.items, depth + 1));
      }
      case 'object': {
        const value: Record<string, unknown> = {};
        if (depth > 4) return value;
        for (const [key, property] of Object.entries(schema.properties ?? {})) {
          if (schema.required?.includes(key) || random() < 0.5) {
            value[key] = validValue(property, depth + 1);
          }
        }
        return value;
      }
      default: {
        if (schema.format === 'uuid') return pick(realIds.get('*') ?? [uuid()]);
        if (schema.format === 'date-time') return new Date(1_700_000_000_000).toISOString();
        if (schema.format === 'email') return 'fuzz@example.com';
        const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 12));
        return `fuzz${Math.floor(random() * 1e6)}`.padEnd(length, 'a').slice(0, length);
      }
    }
  };

  const tokenFor = async (
    credential: Credential,
    operationPath: string,
  ): Promise<string | null> => {
    if (credential === 'none') return null;
    // Logout revokes the token it is called with: give it a fresh one.
    if (operationPath === '/api/admin/auth/logout') {
      const staff = fuzzStaff[credential];
      return login(api, staff.username, staff.password);
    }
    return tokens[credential];
  };

  const concrete = (template: string, values: Record<string, string>): string =>
    template.replace(/\{([^}]+)\}/g, (_match, name: string) =>
      encodeURIComponent(values[name] ?? uuid()).replace(/%25/g, '%'),
    );

  const send = async (
    method: string,
    template: string,
    fuzz: FuzzRequest,
  ): Promise<request.Response> => {
    const path = concrete(template, fuzz.pathValues);
    let req = request(server())[method as 'get'](path).query(fuzz.query).timeout(15_000);
    const token = await tokenFor(fuzz.credential, template);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (fuzz.body === undefined) return req;
    if (typeof fuzz.body === 'object' && fuzz.body !== null && 'raw' in fuzz.body) {
      return req.set('Content-Type', 'application/json').send((fuzz.body as { raw: string }).raw);
    }
    return req.set('Content-Type', 'application/json').send(JSON.stringify(fuzz.body));
  };

  /** Real identifiers for a path parameter: read from the collection the parameter indexes. */
  const discoverIds = async (template: string): Promise<void> => {
    const params = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const values: Record<string, string> = {};
    for (const param of params) {
      const key = `${template.slice(0, template.indexOf(`{${param}}`))}{${param}}`;
      if (realIds.has(key)) {
        values[param] = (realIds.get(key) as string[])[0];
        continue;
      }
      const collection = concrete(template.slice(0, template.indexOf(`/{${param}}`)), values);
      const res = await request(server())
        .get(collection)
        .set('Authorization', `Bearer ${tokens.admin}`);
      const body = res.body as Record<string, unknown> | unknown[];
      const list = Array.isArray(body)
        ? body
        : ((Object.values(body ?? {}).find(Array.isArray) as unknown[] | undefined) ?? []);
      const field =
        { key: 'key', slug: 'slug', elementCode: 'element_code', filename: 'stored_filename' }[
          param
        ] ?? 'id';
      const protectedIds = new Set([fuzzStaff.admin.id, fuzzStaff.user.id]);
      const ids = list
        .map((item) => (item as Record<string, unknown>)[field])
        .filter((id): id is string => typeof id === 'string' && !protectedIds.has(id));
      if (ids.length === 0) return;
      realIds.set(key, ids);
      values[param] = ids[0];
    }
  };

  const realPathValues = (template: string): Record<string, string> => {
    const values: Record<string, string> = {};
    for (const [, param] of template.matchAll(/\{([^}]+)\}/g)) {
      const key = `${template.slice(0, template.indexOf(`{${param}}`))}{${param}}`;
      const ids = realIds.get(key);
      values[param] = param === 'token' ? WEBHOOK_TOKEN : ids ? pick(ids) : uuid();
    }
    return values;
  };

  /** ≈25 requests for one operation. */
  const requestsFor = (template: string, op: Operation): FuzzRequest[] => {
    const isPublic = !op.security?.length;
    const bodySchema = resolve(op.requestBody?.content?.['application/json']?.schema);
    const hasBody = op.requestBody?.content?.['application/json'] !== undefined;
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const validQuery = (): Record<string, string> => {
      const query: Record<string, string> = {};
      for (const param of queryParams) {
        if (param.name === 'token' || (!param.required && random() < 0.5)) continue;
        query[param.name] = String(validValue(param.schema));
      }
      return query;
    };
    const base = (label: string, credential: Credential = 'admin'): FuzzRequest => ({
      label,
      credential: isPublic ? 'none' : credential,
      pathValues: realPathValues(template),
      query: validQuery(),
      ...(hasBody ? { body: validValue(bodySchema) } : {}),
    });
    const list: FuzzRequest[] = [
      base('valid'),
      base('valid'),
      base('valid'),
      base('no token', 'none'),
      base('role user', 'user'),
      base('role user', 'user'),
    ];
    const fieldNames = Object.keys(bodySchema.properties ?? {});
    if (hasBody) {
      for (let i = 0; i < 16; i += 1) {
        const fuzz = base('body boundary', random() < 0.85 ? 'admin' : 'user');
        const value = pick(BOUNDARY_VALUES);
        if (fieldNames.length > 0 && random() < 0.85) {
          const field = pick(fieldNames);
          fuzz.body = { ...(fuzz.body as object), [field]: value };
          fuzz.label = `body ${field}=${JSON.stringify(value)?.slice(0, 40)}`;
        } else {
          fuzz.body = value;
          fuzz.label = `body=${JSON.stringify(value)?.slice(0, 40)}`;
        }
        list.push(fuzz);
      }
      const extra = base('extra property');
      extra.body = { ...(extra.body as object), fuzz_extra_field: 1 };
      list.push(extra);
      const deep = base('3000-level nesting');
      deep.body = fieldNames.length
        ? { ...(deep.body as object), [pick(fieldNames)]: nested(3000) }
        : nested(3000);
      list.push(deep);
      for (const raw of ['{"a":', '[1,2', 'nul', '{"a":1}}']) {
        const malformed = base('malformed JSON');
        malformed.body = { raw };
        list.push(malformed);
      }
    }
    for (const param of queryParams.filter((p) => p.name !== 'token')) {
      for (let i = 0; i < 4; i += 1) {
        const fuzz = base('query boundary');
        const value = pick(QUERY_VALUES);
        fuzz.query = { ...fuzz.query, [param.name]: value };
        fuzz.label = `query ${param.name}=${value.slice(0, 40)}`;
        list.push(fuzz);
      }
    }
    for (const param of pathParams) {
      for (let i = 0; i < 4; i += 1) {
        const fuzz = base('path boundary');
        const value = pick(PATH_VALUES);
        fuzz.pathValues = { ...fuzz.pathValues, [param.name]: value };
        fuzz.label = `path ${param.name}=${value.slice(0, 40)}`;
        list.push(fuzz);
      }
      const unknown = base('unknown id');
      unknown.pathValues = { ...unknown.pathValues, [param.name]: uuid() };
      list.push(unknown);
    }
    // Operations without inputs: repeat the plain requests so every operation gets ~20.
    while (list.length < 20) list.push(base('valid', pick(['admin', 'user', 'none'] as const)));
    return list.slice(0, 40);
  };

  const ERROR_KEYS = ['success', 'error', 'error_category', 'error_code', 'message', 'log_ref'];

  beforeAll(async () => {
    api = await bootApi({
      env: {
        CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
        LOGIN_MAX_FAILURES_PER_IP: '10000',
        PUBLIC_TARIFFS_RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    await seedCatalogue(api);
    const seed = new CaseSeeder(api);
    const customer = await seed.customer();
    const conversation = await seed.conversation({ userId: customer.id });
    await seed.case({ userId: customer.id, conversationId: conversation.conversationId });
    await seed.escalation({ conversationId: conversation.conversationId, userId: customer.id });
    // The suite's own accounts; throwaway staff are what the destructive routes may hit.
    const admin = await loginAs(api, AdminRole.ADMIN);
    const user = await loginAs(api, AdminRole.USER);
    tokens = { admin: admin.token, user: user.token };
    fuzzStaff = { admin: admin.user, user: user.user };
    for (let i = 0; i < 3; i += 1) await createStaff(api);
    const res = await request(server()).get('/docs-json').expect(200);
    doc = res.body as Document;
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('findings of the first fuzzing run stay fixed', () => {
    const admin = () => ({ Authorization: `Bearer ${tokens.admin}` });
    const firstId = async (path: string): Promise<string> => {
      const res = await request(server()).get(path).set(admin()).expect(200);
      return (res.body.items as { id: string }[])[0]?.id;
    };

    it.each([
      '/api/admin/vehicle-categories?offset=1e21',
      '/api/admin/tariff-tiers?offset=1e21',
      '/api/admin/prompt-sections?offset=1e21',
      '/api/admin/base-documentation?offset=1e21',
      '/api/admin/warnings?offset=1e21',
      '/api/admin/additional-services?offset=1e21',
      '/api/admin/audit-log?offset=9223372036854775808',
      '/api/admin/elements?skip=1e21',
      '/api/admin/cases?offset=1000001',
      '/api/admin/cases?limit=1.5',
    ])('%s is a 422', async (path) => {
      const res = await request(server()).get(path).set(admin()).expect(422);
      expect(res.body.error_code).toBe('VALIDATION_FAILED');
    });

    it('refuses null for NOT NULL fields with 422 and changes nothing', async () => {
      const target = await createStaff(api, { role: AdminRole.USER });
      for (const body of [
        { is_active: null },
        { role: null },
        { role: 'admin', is_active: null },
      ]) {
        const res = await request(server())
          .put(`/api/admin/admin-users/${target.id}`)
          .set(admin())
          .send(body)
          .expect(422);
        expect(Object.keys(res.body.errors)).toEqual(
          expect.arrayContaining(
            Object.keys(body).filter((key) => body[key as keyof typeof body] === null),
          ),
        );
      }
      const after = await request(server()).get(`/api/admin/admin-users/${target.id}`).set(admin());
      expect(after.body).toMatchObject({ role: 'user', is_active: true });
      const service = await firstId('/api/admin/additional-services');
      await request(server())
        .put(`/api/admin/additional-services/${service}`)
        .set(admin())
        .send({ name: null })
        .expect(422);
      // Nullable columns still take null.
      await request(server())
        .put(`/api/admin/additional-services/${service}`)
        .set(admin())
        .send({ description: null })
        .expect(200);
    });

    it('bounds integer fields to the int4 column range', async () => {
      const category = await firstId('/api/admin/vehicle-categories');
      for (const sort of [2 ** 31, -(2 ** 31) - 1, 1e21, 1.5]) {
        await request(server())
          .put(`/api/admin/vehicle-categories/${category}`)
          .set(admin())
          .send({ sort_order: sort })
          .expect(422);
        await request(server())
          .post('/api/admin/additional-services')
          .set(admin())
          .send({ code: `S${sort}`.slice(0, 20), name: 'Servicio', price: 1, sort_order: sort })
          .expect(422);
      }
      await request(server())
        .put(`/api/admin/vehicle-categories/${category}`)
        .set(admin())
        .send({ sort_order: 2 ** 31 - 1 })
        .expect(200);
    });

    it('validates money as numeric(10,2) without crashing on exponent notation', async () => {
      const category = await firstId('/api/admin/vehicle-categories');
      const tier = { category_id: category, name: 'Tramo', code: 'TZ' };
      for (const price of [1e-7, 1.5e-7, 0.001, -1, 1e21, 100_000_000, '1e3', 'abc', null, true]) {
        const res = await request(server())
          .post('/api/admin/tariff-tiers')
          .set(admin())
          .send({ ...tier, price })
          .expect(422);
        expect(res.body.errors).toHaveProperty('price');
        await request(server())
          .post('/api/admin/additional-services')
          .set(admin())
          .send({ code: 'SZ', name: 'Servicio', price })
          .expect(422);
      }
      const created = await request(server())
        .post('/api/admin/tariff-tiers')
        .set(admin())
        .send({ ...tier, price: 99_999_999.99 })
        .expect(201);
      expect(created.body.price).toBe(99_999_999.99);
      const service = await request(server())
        .post('/api/admin/additional-services')
        .set(admin())
        .send({ code: 'SZ', name: 'Servicio', price: '12.50' })
        .expect(201);
      expect(service.body.price).toBe(12.5);
    });

    it('answers a deeply nested body with 400 in the error shape, on public routes too', async () => {
      const deep = await request(server())
        .post('/api/admin/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: 'x', password: nested(3000) }))
        .expect(400);
      expect(deep.body).toMatchObject({
        success: false,
        error_code: 'REQUEST_BODY_TOO_COMPLEX',
        error_category: 'validation_error',
      });
      expect(deep.headers['x-request-id']).toBeDefined();
      const typed = await request(server())
        .post('/api/admin/auth/login')
        .send({ username: 'x', password: { a: 1 } })
        .expect(422);
      expect(typed.body.errors).toHaveProperty('password');
      const wide = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, i]));
      await request(server()).post('/api/admin/auth/login').send(wide).expect(400);
    });

    it('answers 405 with Allow on a known path and 404 on an unknown one', async () => {
      const res = await request(server()).delete('/api/admin/cases').set(admin()).expect(405);
      expect(res.headers.allow).toBe('GET');
      expect(res.body).toMatchObject({ success: false, error_code: 'METHOD_NOT_ALLOWED' });
      await request(server()).get('/api/admin/no-such-thing').set(admin()).expect(404);
    });
  });

  it('answers every generated request below 500 and with a documented status', async () => {
    const templates = Object.keys(doc.paths);
    for (const template of templates) {
      if (template.includes('{')) await discoverIds(template);
    }
    realIds.set(
      '*',
      [...new Set([...realIds.values()].flat())].filter((id) => /^[0-9a-f-]{36}$/.test(id)),
    );

    const operations = templates.flatMap((template) =>
      METHODS.filter((method) => doc.paths[template]?.[method]).map((method) => ({
        template,
        method,
        op: doc.paths[template]?.[method],
      })),
    );
    // Deletions last, so the other operations still find real rows.
    operations.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));

    const failures: string[] = [];
    const serverErrors: string[] = [];
    let sent = 0;
    for (const { template, method, op } of operations) {
      for (const fuzz of requestsFor(template, op)) {
        const res = await send(method, template, fuzz);
        sent += 1;
        const where = `${method.toUpperCase()} ${template} [${fuzz.credential}; ${fuzz.label}]`;
        if (res.status >= 500) {
          serverErrors.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
        if (!op.responses[String(res.status)]) {
          failures.push(
            `${where}: ${res.status} not documented (${Object.keys(op.responses).join(',')}) ` +
              JSON.stringify(res.body).slice(0, 160),
          );
        } else if (res.status >= 400) {
          const body = res.body as Record<string, unknown>;
          const missing = ERROR_KEYS.filter((key) => !(key in (body ?? {})));
          if (missing.length > 0) failures.push(`${where}: error body lacks ${missing.join(',')}`);
        }
      }
    }
    expect(serverErrors).toEqual([]);
    expect([...new Set(failures)]).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(operations.length * 10);
    expect(operations.length).toBeGreaterThanOrEqual(100);
  }, 120_000);

  it('answers 405 with Allow for a method a documented path does not serve', async () => {
    const failures: string[] = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      const served = METHODS.filter((method) => item[method]).map((m) => m.toUpperCase());
      for (const method of METHODS.filter((m) => !item[m])) {
        const res = await request(server())
          [method](concrete(template, realPathValues(template)))
          .set('Authorization', `Bearer ${tokens.admin}`);
        const allow = (res.headers.allow ?? '').split(/,\s*/).filter(Boolean).sort();
        if (res.status !== 405 || JSON.stringify(allow) !== JSON.stringify([...served].sort())) {
          failures.push(
            `${method.toUpperCase()} ${template}: ${res.status} Allow=${allow.join(',')}`,
          );
        } else if (res.body?.error_code !== 'METHOD_NOT_ALLOWED') {
          failures.push(`${method.toUpperCase()} ${template}: 405 without the error shape`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
