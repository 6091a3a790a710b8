import request from 'supertest';
import { bootApi, TestApi } from '../support/api';
import { seedCatalogue } from '../support/catalogue';

describe('public tariffs (e2e)', () => {
  let api: TestApi;
  const get = (path: string) => request(api.app.getHttpServer()).get(path);
  const post = (path: string, body: object) =>
    request(api.app.getHttpServer()).post(path).send(body);

  beforeAll(async () => {
    api = await bootApi({ env: { PUBLIC_TARIFFS_RATE_LIMIT_PER_MINUTE: '1000' } });
    await seedCatalogue(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('GET /api/tariffs/categories is public and filters by client type', async () => {
    const res = await get('/api/tariffs/categories').expect(200);
    expect(res.body.categories).toEqual([
      expect.objectContaining({
        slug: 'motos-part',
        client_type: 'particular',
        icon: 'motorcycle',
      }),
      expect.objectContaining({ slug: 'aseicars-prof', client_type: 'professional' }),
    ]);
    const prof = await get('/api/tariffs/categories?client_type=professional').expect(200);
    expect(prof.body.categories.map((c: { slug: string }) => c.slug)).toEqual(['aseicars-prof']);
    await get('/api/tariffs/categories?client_type=x').expect(422);
  });

  it('GET /api/tariffs/{slug} returns the bundle', async () => {
    const res = await get('/api/tariffs/motos-part').expect(200);
    expect(res.body.category).toMatchObject({ slug: 'motos-part', name: 'Motocicletas' });
    expect(res.body.tiers.map((t: { code: string; price: number }) => [t.code, t.price])).toEqual([
      ['T1', 410],
      ['T2', 325],
      ['T3', 280],
      ['T4', 220],
      ['T5', 175],
      ['T6', 140],
    ]);
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toContain(
      'marcado_homologacion_motos_part',
    );
    expect(res.body.warnings.map((w: { code: string }) => w.code)).not.toContain(
      'escape_homologacion',
    );
    expect(res.body.base_documentation).toHaveLength(2);
    expect(res.body.additional_services).toHaveLength(6);
    await get('/api/tariffs/barcos-part').expect(404);
    await get('/api/tariffs/NOT_A_SLUG!').expect(404);
  });

  it('GET /{slug}/tiers', async () => {
    const res = await get('/api/tariffs/aseicars-prof/tiers').expect(200);
    expect(res.body).toMatchObject({
      client_type: 'professional',
      category: { slug: 'aseicars-prof' },
    });
    expect(res.body.tiers).toHaveLength(6);
  });

  it('POST /{slug}/select-tier prices with the quote engine (worked examples)', async () => {
    const escape = await post('/api/tariffs/motos-part/select-tier', {
      elements_description: 'escape',
      element_count: 1,
      client_type: 'particular',
    }).expect(200);
    expect(escape.body).toMatchObject({
      tier_code: 'T6',
      price: 140,
      element_count: 1,
      matched_rules: ['escape'],
      requires_project: false,
    });
    const two = await post('/api/tariffs/motos-part/select-tier', {
      elements_description: 'escape y manillar',
      element_count: 2,
    }).expect(200);
    expect(two.body).toMatchObject({ tier_code: 'T5', price: 175, element_count: 2 });
    const sub = await post('/api/tariffs/motos-part/select-tier', {
      elements_description: 'subchasis',
      element_count: 1,
    }).expect(200);
    expect(sub.body).toMatchObject({ tier_code: 'T1', price: 410, requires_project: true });
    expect(sub.body.warnings.map((w: { code: string }) => w.code)).toContain(
      'subchasis_perdida_plaza',
    );
  });

  it('select-tier answers UNKNOWN/Consultar/0 when nothing can be priced; validates input', async () => {
    const res = await post('/api/tariffs/motos-part/select-tier', {
      elements_description: 'un cohete nuclear',
      element_count: 1,
    }).expect(200);
    expect(res.body).toMatchObject({
      tier_code: 'UNKNOWN',
      tier_name: 'Consultar',
      price: 0,
      element_count: 0,
    });
    expect(res.body.unmatched_terms).toEqual(['cohete nuclear']);
    await post('/api/tariffs/motos-part/select-tier', {
      elements_description: '',
      element_count: 1,
    }).expect(422);
    await post('/api/tariffs/motos-part/select-tier', {
      elements_description: 'escape',
      element_count: 0,
    }).expect(422);
    await post('/api/tariffs/motos-part/select-tier', {
      elements_description: 'escape',
      element_count: 1,
      client_type: 'professional',
    }).expect(400);
  });

  it('GET /{slug}/documentation lists only sendable images', async () => {
    const res = await get('/api/tariffs/aseicars-prof/documentation').expect(200);
    expect(res.body.base_documentation).toHaveLength(2);
    expect(res.body.all_images).toEqual([]); // the seed's 85 images are placeholders
  });

  it('GET /{slug}/warnings filters by the description', async () => {
    const all = await get('/api/tariffs/aseicars-prof/warnings').expect(200);
    expect(all.body.warnings).toHaveLength(5);
    const gas = await get(
      `/api/tariffs/aseicars-prof/warnings?elements_description=${encodeURIComponent('kit bombona de glp')}`,
    ).expect(200);
    expect(gas.body.warnings.map((w: { code: string }) => w.code)).toEqual(
      expect.arrayContaining(['glp_certificacion', 'reformas_adicionales_itv']),
    );
  });
});

describe('public tariffs rate limit (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await bootApi({ env: { PUBLIC_TARIFFS_RATE_LIMIT_PER_MINUTE: '3' } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 429 with Retry-After in the error shape once the per-IP limit is passed', async () => {
    const server = api.app.getHttpServer();
    for (let i = 0; i < 3; i += 1) await request(server).get('/api/tariffs/categories').expect(200);
    const res = await request(server).get('/api/tariffs/categories').expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).toMatchObject({ success: false, error_category: 'rate_limit_error' });
    // The counters live in Redis (shared by every api process).
    const keys = await api.redis.raw.keys(`${api.redis.keyPrefix}throttle:*`);
    expect(keys.length).toBeGreaterThan(0);
    // Admin routes are not throttled by this limit.
    await request(server).get('/health').expect(200);
  });
});
