/**
 * Cache freshness: for every kind of catalogue write, a read that was served from Redis
 * before the write is fresh right after it (generation bump after commit, one key module).
 */
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { loginAs } from '../support/auth';
import { Client, client, seedCatalogue, seedPlanOf } from '../support/catalogue';

const motos = seedPlanOf('motos-part');
const aseicars = seedPlanOf('aseicars-prof');
const motosId = motos.category.id;
const elementId = (code: string): string =>
  motos.elements.find((el) => el.code === code)?.id as string;
const tierId = (code: string): string => motos.tiers.find((t) => t.code === code)?.id as string;

describe('catalogue cache freshness (e2e)', () => {
  let api: TestApi;
  let http: Client;

  const preview = async (text: string, slug = 'motos-part') =>
    (await http.post('/api/admin/quotes/preview', { category_slug: slug, text }).expect(200)).body;
  const cachedKeys = async (): Promise<string[]> =>
    api.redis.raw.keys(`${api.redis.keyPrefix}catalogue:*`);

  beforeAll(async () => {
    api = await bootApi();
    await seedCatalogue(api);
    http = client(api, (await loginAs(api, AdminRole.USER)).token);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('reads are cached in Redis under the catalogue key module', async () => {
    await http.get('/api/admin/vehicle-categories').expect(200);
    await preview('escape');
    const keys = await cachedKeys();
    expect(
      keys.some((key) => key.includes(`catalogue:cat:${motosId}:`) && key.endsWith(':snapshot')),
    ).toBe(true);
    expect(keys.some((key) => key.includes(':categories:'))).toBe(true);
  });

  it('category update → list and detail are fresh', async () => {
    await http.get('/api/admin/vehicle-categories').expect(200);
    await http.get(`/api/admin/vehicle-categories/${motosId}`).expect(200);
    await http.put(`/api/admin/vehicle-categories/${motosId}`, { name: 'Motos' }).expect(200);
    const list = await http.get('/api/admin/vehicle-categories').expect(200);
    expect(list.body.items[0].name).toBe('Motos');
    expect((await http.get(`/api/admin/vehicle-categories/${motosId}`).expect(200)).body.name).toBe(
      'Motos',
    );
  });

  it('tier update → quotes and tier lists are fresh', async () => {
    expect((await preview('escape')).price).toBe(140);
    await http.get(`/api/admin/tariff-tiers?category_id=${motosId}`).expect(200);
    await http.put(`/api/admin/tariff-tiers/${tierId('T6')}`, { price: 145 }).expect(200);
    expect((await preview('escape')).price).toBe(145);
    const tiers = await http.get(`/api/admin/tariff-tiers?category_id=${motosId}`).expect(200);
    expect(tiers.body.items.find((t: { code: string }) => t.code === 'T6').price).toBe(145);
  });

  it('element create → the engine recognises the new keyword; list is fresh', async () => {
    expect((await preview('parabrisas')).understood.elements).toEqual([]);
    await http.get(`/api/admin/elements?category_id=${motosId}`).expect(200);
    await http
      .post('/api/admin/elements', {
        category_id: motosId,
        code: 'PARABRISAS',
        name: 'Parabrisas',
        keywords: ['parabrisas'],
      })
      .expect(201);
    expect(
      (await preview('parabrisas')).understood.elements.map((e: { code: string }) => e.code),
    ).toEqual(['PARABRISAS']);
    const list = await http.get(`/api/admin/elements?category_id=${motosId}`).expect(200);
    expect(list.body.items.map((e: { code: string }) => e.code)).toContain('PARABRISAS');
  });

  it('element image → sendable images are fresh', async () => {
    expect((await preview('manillar')).images).toEqual([]);
    await http
      .post(`/api/admin/elements/${elementId('MANILLAR')}/images`, {
        image_url: '/images/m.jpg',
        status: 'active',
      })
      .expect(201);
    expect((await preview('manillar')).images.map((i: { url: string }) => i.url)).toEqual([
      '/images/m.jpg',
    ]);
  });

  it('required field → documentation is fresh', async () => {
    const before = await preview('maletas');
    expect(before.documentation.elements[0].required_fields).toEqual([]);
    await http
      .post(`/api/admin/elements/${elementId('MALETAS')}/required-fields`, {
        field_key: 'marca',
        field_label: 'Marca',
      })
      .expect(201);
    const after = await preview('maletas');
    expect(
      after.documentation.elements[0].required_fields.map(
        (f: { field_key: string }) => f.field_key,
      ),
    ).toEqual(['marca']);
  });

  it('inclusion delete → pricing and resolved elements are fresh', async () => {
    await http.get(`/api/admin/tariff-tiers/${tierId('T6')}/resolved-elements`).expect(200);
    expect((await preview('filtro de aire')).tier.code).toBe('T6');
    const inclusions = await http
      .get(`/api/admin/tariff-tiers/${tierId('T6')}/inclusions`)
      .expect(200);
    const filtro = inclusions.body.find(
      (row: { element_id: string }) => row.element_id === elementId('FILTRO'),
    );
    await http
      .delete(`/api/admin/tariff-tiers/${tierId('T6')}/inclusions/${filtro.id}`)
      .expect(204);
    const resolved = await http
      .get(`/api/admin/tariff-tiers/${tierId('T6')}/resolved-elements`)
      .expect(200);
    expect(resolved.body.elements[elementId('FILTRO')]).toBeUndefined();
    expect((await preview('filtro de aire')).tier.code).toBe('T3'); // T5 needs 2, T4 3 elements
  });

  it('warning association and warning update → quote warnings are fresh', async () => {
    const codes = async () =>
      (await preview('caballete')).warnings.by_element[0].warnings.map(
        (w: { code: string }) => w.code,
      );
    expect(await codes()).toEqual([]);
    await http.get('/api/admin/warnings').expect(200);
    const warning = await http
      .post('/api/admin/warnings', { code: 'caballete_aviso', message: 'Aviso A' })
      .expect(201);
    await http
      .post(`/api/admin/elements/${elementId('CABALLETE')}/warnings`, {
        warning_id: warning.body.id,
        show_condition: 'if_selected',
      })
      .expect(201);
    expect(await codes()).toEqual(['caballete_aviso']);
    const list = await http.get('/api/admin/warnings').expect(200);
    expect(list.body.items.map((w: { code: string }) => w.code)).toContain('caballete_aviso');
    await http.put(`/api/admin/warnings/${warning.body.id}`, { message: 'Aviso B' }).expect(200);
    expect((await preview('caballete')).warnings.by_element[0].warnings[0].message).toBe('Aviso B');
    await http
      .delete(`/api/admin/elements/${elementId('CABALLETE')}/warnings/${warning.body.id}`)
      .expect(204);
    expect(await codes()).toEqual([]);
  });

  it('global warning → every category is fresh', async () => {
    const general = async (slug: string, text: string) =>
      (await preview(text, slug)).warnings.general.map((w: { code: string }) => w.code);
    expect(await general('aseicars-prof', 'claraboya')).not.toContain('global_siempre');
    await http
      .post('/api/admin/warnings', {
        code: 'global_siempre',
        message: 'Precios sin IVA',
        trigger_conditions: { always_show: true },
      })
      .expect(201);
    expect(await general('aseicars-prof', 'claraboya')).toContain('global_siempre');
    expect(await general('motos-part', 'escape')).toContain('global_siempre');
  });

  it('global and category services → category detail and lists are fresh', async () => {
    const detail = async () =>
      (await http.get(`/api/admin/vehicle-categories/${aseicars.category.id}`).expect(200)).body;
    const count = (await detail()).additional_services.length;
    await http
      .get(`/api/admin/additional-services?category_id=${aseicars.category.id}`)
      .expect(200);
    const global = await http
      .post('/api/admin/additional-services', { code: 'itv_movil', name: 'ITV móvil', price: 20 })
      .expect(201);
    expect((await detail()).additional_services).toHaveLength(count + 1);
    const list = await http
      .get(`/api/admin/additional-services?category_id=${aseicars.category.id}`)
      .expect(200);
    expect(list.body.total).toBe(count + 1);
    await http
      .put(`/api/admin/additional-services/${global.body.id}`, { category_id: motosId })
      .expect(200);
    expect((await detail()).additional_services).toHaveLength(count);
  });

  it('base documentation and prompt sections → detail and prompt preview are fresh', async () => {
    const docs = async () =>
      (await http.get(`/api/admin/vehicle-categories/${motosId}`).expect(200)).body
        .base_documentation;
    expect(await docs()).toHaveLength(2);
    const doc = await http
      .post('/api/admin/base-documentation', { category_id: motosId, description: 'Foto bastidor' })
      .expect(201);
    expect(await docs()).toHaveLength(3);
    expect((await preview('escape')).documentation.base).toHaveLength(3);
    await http.delete(`/api/admin/base-documentation/${doc.body.id}`).expect(204);
    expect(await docs()).toHaveLength(2);

    const prompt = async () =>
      (await http.get(`/api/admin/categories/${motosId}/preview-prompt`).expect(200)).body.prompt;
    expect(await prompt()).not.toContain('PIE DE PRUEBA');
    await http
      .post('/api/admin/prompt-sections', {
        category_id: motosId,
        section_type: 'footer',
        content: 'PIE DE PRUEBA',
      })
      .expect(201);
    expect(await prompt()).toContain('PIE DE PRUEBA');
  });

  it('element soft delete → no longer recognised', async () => {
    expect((await preview('estriberas')).understood.elements).toHaveLength(1);
    await http.delete(`/api/admin/elements/${elementId('ESTRIBERAS')}`).expect(204);
    expect((await preview('estriberas')).understood.elements).toHaveLength(0);
  });

  it('public tariffs read the same cache and are fresh after a write', async () => {
    const select = async () =>
      (
        await http
          .post('/api/tariffs/aseicars-prof/select-tier', {
            elements_description: 'claraboya',
            element_count: 1,
          })
          .expect(200)
      ).body;
    expect((await select()).price).toBe(135);
    await http
      .put(`/api/admin/tariff-tiers/${aseicars.tiers.find((t) => t.code === 'T4')?.id}`, {
        price: 140,
      })
      .expect(200);
    expect((await select()).price).toBe(140);
  });
});
