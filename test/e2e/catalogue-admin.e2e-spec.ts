import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminRole } from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { loginAs } from '../support/auth';
import { auditRows, Client, client, seedCatalogue, seedPlanOf } from '../support/catalogue';

const motos = seedPlanOf('motos-part');
const aseicars = seedPlanOf('aseicars-prof');
const motosId = motos.category.id;
const elementId = (code: string, plan = motos): string =>
  plan.elements.find((el) => el.code === code)?.id as string;
const tierId = (code: string, plan = motos): string =>
  plan.tiers.find((t) => t.code === code)?.id as string;

const expectError = (body: Record<string, unknown>, code?: string): void => {
  expect(body).toMatchObject({ success: false });
  expect(typeof body.error).toBe('string');
  if (code) expect(body.error_code).toBe(code);
};

describe('catalogue admin API (e2e)', () => {
  let api: TestApi;
  let http: Client;
  let username: string;

  beforeAll(async () => {
    api = await bootApi();
    await seedCatalogue(api);
    // Role `user` edits the catalogue (README role matrix).
    const { token, user } = await loginAs(api, AdminRole.USER);
    username = user.username;
    http = client(api, token);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('every catalogue route needs a token', async () => {
    await request(api.app.getHttpServer()).get('/api/admin/vehicle-categories').expect(401);
    await request(api.app.getHttpServer()).post('/api/admin/quotes/preview').send({}).expect(401);
  });

  describe('vehicle categories', () => {
    it('lists seeded categories by sort order in {items,total,has_more}', async () => {
      const res = await http.get('/api/admin/vehicle-categories?limit=50').expect(200);
      expect(res.body).toMatchObject({ total: 2, has_more: false });
      expect(res.body.items.map((c: { slug: string }) => c.slug)).toEqual([
        'motos-part',
        'aseicars-prof',
      ]);
      const filtered = await http
        .get('/api/admin/vehicle-categories?client_type=professional')
        .expect(200);
      expect(filtered.body.items.map((c: { slug: string }) => c.slug)).toEqual(['aseicars-prof']);
    });

    it('bounds and validates query params (4xx, never 500)', async () => {
      await http.get('/api/admin/vehicle-categories?limit=101').expect(422);
      await http.get('/api/admin/vehicle-categories?limit=abc').expect(422);
      await http.get('/api/admin/vehicle-categories?include_inactive=maybe').expect(422);
      await http.get('/api/admin/vehicle-categories?client_type=alien').expect(422);
    });

    it('detail includes tiers, base docs, services (category + global) and prompt sections', async () => {
      const res = await http.get(`/api/admin/vehicle-categories/${motosId}`).expect(200);
      expect(res.body.tariff_tiers.map((t: { code: string }) => t.code)).toEqual([
        'T1',
        'T2',
        'T3',
        'T4',
        'T5',
        'T6',
      ]);
      expect(res.body.tariff_tiers[5]).toMatchObject({
        price: 140,
        min_elements: 1,
        max_elements: 1,
      });
      expect(res.body.base_documentation).toHaveLength(2);
      expect(res.body.additional_services).toHaveLength(6);
      expect(res.body.prompt_sections).toHaveLength(2);
      await http.get(`/api/admin/vehicle-categories/${randomUUID()}`).expect(404);
      await http.get('/api/admin/vehicle-categories/not-a-uuid').expect(400);
    });

    it('create → 201 + audit with the acting admin; duplicate slug → 409; bad body → 422', async () => {
      const res = await http
        .post('/api/admin/vehicle-categories', {
          slug: 'motos-prof',
          name: 'Motocicletas',
          client_type: 'professional',
        })
        .expect(201);
      expect(res.body).toMatchObject({ slug: 'motos-prof', is_active: true, sort_order: 0 });
      const [row] = await auditRows(api, res.body.id);
      expect(row).toMatchObject({
        entityType: 'vehicle_category',
        action: 'create',
        user: username,
      });
      expect(row?.changes).toMatchObject({ slug: 'motos-prof' });
      expectError(
        (
          await http
            .post('/api/admin/vehicle-categories', {
              slug: 'motos-prof',
              name: 'x',
              client_type: 'particular',
            })
            .expect(409)
        ).body,
        'CATALOGUE_DUPLICATE',
      );
      const bad = await http
        .post('/api/admin/vehicle-categories', {
          slug: 'Bad Slug',
          name: '',
          client_type: 'x',
          extra: 1,
        })
        .expect(422);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['client_type', 'extra', 'name', 'slug']);
    });

    it('update records a field diff; delete → 204 cascades', async () => {
      const created = await http
        .post('/api/admin/vehicle-categories', {
          slug: 'tmp-part',
          name: 'Tmp',
          client_type: 'particular',
        })
        .expect(201);
      const id = created.body.id as string;
      await http
        .post('/api/admin/tariff-tiers', { category_id: id, code: 'T1', name: 'Uno', price: 10 })
        .expect(201);
      const updated = await http
        .put(`/api/admin/vehicle-categories/${id}`, { name: 'Temporal', icon: 'bike' })
        .expect(200);
      expect(updated.body).toMatchObject({ name: 'Temporal', icon: 'bike' });
      const [audit] = await auditRows(api, id);
      expect(audit?.changes).toEqual({
        name: { old: 'Tmp', new: 'Temporal' },
        icon: { old: null, new: 'bike' },
      });
      await http.put(`/api/admin/vehicle-categories/${id}`, { name: null }).expect(422);
      await http.put(`/api/admin/vehicle-categories/${id}`, { slug: 'motos-part' }).expect(409);
      await http.delete(`/api/admin/vehicle-categories/${id}`).expect(204);
      await http.get(`/api/admin/vehicle-categories/${id}`).expect(404);
      const tiers = await http.get(`/api/admin/tariff-tiers?category_id=${id}`).expect(200);
      expect(tiers.body.total).toBe(0);
      expect((await auditRows(api, id))[0]).toMatchObject({ action: 'delete', user: username });
      await http.delete(`/api/admin/vehicle-categories/${id}`).expect(404);
    });

    it('renders the calculator prompt preview', async () => {
      const res = await http.get(`/api/admin/categories/${motosId}/preview-prompt`).expect(200);
      expect(res.body.prompt).toContain('CASOS ESPECIALES MOTOS PARTICULARES');
      expect(res.body.prompt).toContain('T6 Sin Proyecto - 1 Elemento: 140.00 EUR + IVA');
      await http.get(`/api/admin/categories/${randomUUID()}/preview-prompt`).expect(404);
    });
  });

  describe('tariff tiers', () => {
    it('lists, searches, creates (409 on code), updates and deletes', async () => {
      const list = await http
        .get(`/api/admin/tariff-tiers?category_id=${motosId}&search=proyecto`)
        .expect(200);
      expect(list.body.items.map((t: { code: string }) => t.code)).toEqual([
        'T1',
        'T2',
        'T3',
        'T4',
        'T5',
        'T6',
      ]);
      await http.get('/api/admin/tariff-tiers?limit=201').expect(422);
      const body = {
        category_id: motosId,
        code: 'T7',
        name: 'Extra',
        price: 99.5,
        classification_rules: { applies_if_any: [], priority: 7 },
      };
      const created = await http.post('/api/admin/tariff-tiers', body).expect(201);
      expect(created.body).toMatchObject({ code: 'T7', price: 99.5 });
      expect((await auditRows(api, created.body.id))[0]).toMatchObject({
        action: 'create',
        user: username,
      });
      await http.post('/api/admin/tariff-tiers', body).expect(409);
      await http
        .post('/api/admin/tariff-tiers', { ...body, category_id: randomUUID(), code: 'T8' })
        .expect(404);
      await http.post('/api/admin/tariff-tiers', { ...body, code: 'T8', price: -1 }).expect(422);
      await http
        .post('/api/admin/tariff-tiers', { ...body, code: 'T8', min_elements: 3, max_elements: 2 })
        .expect(400);
      const updated = await http
        .put(`/api/admin/tariff-tiers/${created.body.id}`, { price: 120 })
        .expect(200);
      expect(updated.body.price).toBe(120);
      await http.put(`/api/admin/tariff-tiers/${created.body.id}`, { code: 'T6' }).expect(409);
      await http.get(`/api/admin/tariff-tiers/${created.body.id}`).expect(200);
      await http.delete(`/api/admin/tariff-tiers/${created.body.id}`).expect(204);
      await http.get(`/api/admin/tariff-tiers/${created.body.id}`).expect(404);
    });
  });

  describe('tier inclusions', () => {
    let tier: string;

    beforeAll(async () => {
      const res = await http
        .post('/api/admin/tariff-tiers', {
          category_id: motosId,
          code: 'TX',
          name: 'Inclusiones',
          price: 1,
        })
        .expect(201);
      tier = res.body.id;
    });

    it('create accepts the tier_id the SPA sends in the body and uses it once', async () => {
      const res = await http
        .post(`/api/admin/tariff-tiers/${tier}/inclusions`, {
          tier_id: tier,
          element_id: elementId('ESCAPE'),
          max_quantity: 2,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        tier_id: tier,
        element_id: elementId('ESCAPE'),
        max_quantity: 2,
      });
      const [audit] = await auditRows(api, res.body.id);
      expect(audit).toMatchObject({
        entityType: 'tier_inclusion',
        action: 'create',
        user: username,
      });
      await http
        .post(`/api/admin/tariff-tiers/${tier}/inclusions`, { element_id: elementId('ESCAPE') })
        .expect(409);
    });

    it('rejects bad inclusions with 400/404/422', async () => {
      const path = `/api/admin/tariff-tiers/${tier}/inclusions`;
      await http
        .post(path, { tier_id: tierId('T1'), element_id: elementId('MANILLAR') })
        .expect(400);
      await http
        .post(path, { element_id: elementId('MANILLAR'), included_tier_id: tierId('T6') })
        .expect(400);
      await http.post(path, {}).expect(400);
      await http.post(path, { included_tier_id: tier }).expect(400);
      await http.post(path, { element_id: elementId('CLARABOYA', aseicars) }).expect(400);
      await http.post(path, { element_id: randomUUID() }).expect(404);
      await http
        .post(path, { element_id: elementId('MANILLAR'), min_quantity: 3, max_quantity: 1 })
        .expect(400);
      await http.post(path, { element_id: elementId('MANILLAR'), max_quantity: -1 }).expect(422);
      await http
        .post(`/api/admin/tariff-tiers/${randomUUID()}/inclusions`, {
          element_id: elementId('MANILLAR'),
        })
        .expect(404);
    });

    it('batch creates all or none', async () => {
      const path = `/api/admin/tariff-tiers/${tier}/inclusions/batch`;
      const res = await http
        .post(path, {
          tier_id: tier,
          inclusions: [{ element_id: elementId('MANILLAR') }, { included_tier_id: tierId('T6') }],
        })
        .expect(201);
      expect(res.body).toMatchObject({ tier_id: tier, created_count: 2 });
      await http
        .post(path, {
          inclusions: [{ element_id: elementId('FILTRO') }, { element_id: elementId('MANILLAR') }],
        })
        .expect(409);
      const list = await http.get(`/api/admin/tariff-tiers/${tier}/inclusions`).expect(200);
      expect(list.body).toHaveLength(3); // FILTRO rolled back with the duplicate
      await http.post(path, { inclusions: [] }).expect(422);
    });

    it('resolves recursively, then updates and deletes', async () => {
      const resolved = await http
        .get(`/api/admin/tariff-tiers/${tier}/resolved-elements`)
        .expect(200);
      expect(resolved.body).toMatchObject({ tier_id: tier, tier_code: 'TX' });
      expect(resolved.body.elements[elementId('ESCAPE')]).toBe(2); // the most permissive path (T6 caps at 1)
      expect(resolved.body.total_elements).toBe(33);
      const list = await http.get(`/api/admin/tariff-tiers/${tier}/inclusions`).expect(200);
      const escape = list.body.find(
        (row: { element_id: string }) => row.element_id === elementId('ESCAPE'),
      );
      const updated = await http
        .put(`/api/admin/tariff-tiers/${tier}/inclusions/${escape.id}`, {
          max_quantity: 5,
          notes: 'dos escapes',
        })
        .expect(200);
      expect(updated.body).toMatchObject({ max_quantity: 5, notes: 'dos escapes' });
      await http
        .put(`/api/admin/tariff-tiers/${tier}/inclusions/${escape.id}`, {
          included_tier_id: tierId('T5'),
        })
        .expect(400);
      await http.delete(`/api/admin/tariff-tiers/${tier}/inclusions/${escape.id}`).expect(204);
      await http.delete(`/api/admin/tariff-tiers/${tier}/inclusions/${escape.id}`).expect(404);
    });
  });

  describe('elements', () => {
    it('lists base elements with counts in {items,total,skip,limit}', async () => {
      const res = await http
        .get(
          `/api/admin/elements?category_id=${motosId}&include_children=true&only_base=true&skip=0&limit=50`,
        )
        .expect(200);
      expect(res.body).toMatchObject({ total: 33, skip: 0, limit: 50 });
      const escape = res.body.items.find((el: { code: string }) => el.code === 'ESCAPE');
      expect(escape).toMatchObject({
        warning_count: 1,
        child_count: 0,
        image_count: 0,
        children: [],
      });
      const luces = res.body.items.find((el: { code: string }) => el.code === 'LUCES');
      expect(luces.child_count).toBe(5);
      expect(luces.children.map((c: { code: string }) => c.code)).toContain('FARO_DELANTERO');
      const all = await http
        .get(`/api/admin/elements?category_id=${motosId}&only_base=false&limit=1000`)
        .expect(200);
      expect(all.body.total).toBe(42);
      const search = await http
        .get(`/api/admin/elements?category_id=${motosId}&search=akrapovic`)
        .expect(200);
      expect(search.body.items.map((el: { code: string }) => el.code)).toEqual(['ESCAPE']);
      await http.get('/api/admin/elements?limit=1001').expect(422);
      await http.get('/api/admin/elements?skip=-1').expect(422);
    });

    it('detail has images, parent and children', async () => {
      const res = await http.get(`/api/admin/elements/${elementId('SUSPENSION_DEL')}`).expect(200);
      expect(res.body.parent).toEqual({
        id: elementId('SUSPENSION'),
        code: 'SUSPENSION',
        name: 'Suspension',
      });
      const base = await http
        .get(`/api/admin/elements/${elementId('ESCALON_ELEC', aseicars)}`)
        .expect(200);
      expect(base.body.images).toHaveLength(4);
      await http.get(`/api/admin/elements/${randomUUID()}`).expect(404);
    });

    it('create (404 category, 409 code, 422 no keywords, 400 foreign parent), update, soft delete', async () => {
      const body = {
        category_id: motosId,
        code: 'PARABRISAS',
        name: 'Parabrisas',
        keywords: ['parabrisas', 'cupula alta'],
      };
      const res = await http.post('/api/admin/elements', body).expect(201);
      expect(res.body).toMatchObject({
        code: 'PARABRISAS',
        aliases: [],
        inherit_parent_data: true,
        is_active: true,
      });
      expect((await auditRows(api, res.body.id))[0]).toMatchObject({
        entityType: 'element',
        action: 'create',
        user: username,
      });
      await http.post('/api/admin/elements', body).expect(409);
      await http
        .post('/api/admin/elements', { ...body, code: 'X1', category_id: randomUUID() })
        .expect(404);
      await http.post('/api/admin/elements', { ...body, code: 'X2', keywords: [] }).expect(422);
      await http
        .post('/api/admin/elements', {
          ...body,
          code: 'X3',
          parent_element_id: elementId('TOLDO_LAT', aseicars),
        })
        .expect(400);
      await http
        .put(`/api/admin/elements/${elementId('SUSPENSION')}`, {
          parent_element_id: elementId('SUSPENSION_DEL'),
        })
        .expect(400);
      const updated = await http
        .put(`/api/admin/elements/${res.body.id}`, { aliases: ['windscreen'] })
        .expect(200);
      expect(updated.body.aliases).toEqual(['windscreen']);
      await http.put(`/api/admin/elements/${res.body.id}`, { code: 'ESCAPE' }).expect(409);
      await http.delete(`/api/admin/elements/${res.body.id}`).expect(204);
      const after = await http.get(`/api/admin/elements/${res.body.id}`).expect(200);
      expect(after.body.is_active).toBe(false);
      expect((await auditRows(api, res.body.id))[0]).toMatchObject({
        action: 'delete',
        changes: expect.objectContaining({ soft: true }),
      });
    });

    it('images: create, list, update, delete', async () => {
      const path = `/api/admin/elements/${elementId('MANILLAR')}/images`;
      const created = await http
        .post(path, { image_url: '/images/manillar.jpg', title: 'Manillar', status: 'active' })
        .expect(201);
      expect(created.body).toMatchObject({
        image_type: 'example',
        status: 'active',
        is_required: false,
      });
      expect(created.body.validated_at).not.toBeNull();
      await http.post(path, { image_url: '/x.jpg', image_type: 'selfie' }).expect(422);
      await http
        .post(`/api/admin/elements/${randomUUID()}/images`, { image_url: '/x.jpg' })
        .expect(404);
      const list = await http.get(path).expect(200);
      expect(list.body).toMatchObject({
        element_id: elementId('MANILLAR'),
        images: [expect.objectContaining({ id: created.body.id })],
      });
      const updated = await http
        .put(`/api/admin/element-images/${created.body.id}`, { status: 'unavailable' })
        .expect(200);
      expect(updated.body.status).toBe('unavailable');
      expect((await auditRows(api, created.body.id))[0]?.changes).toEqual({
        status: { old: 'active', new: 'unavailable' },
      });
      await http.delete(`/api/admin/element-images/${created.body.id}`).expect(204);
      await http
        .put(`/api/admin/element-images/${created.body.id}`, { status: 'active' })
        .expect(404);
    });

    it('warning associations: one set of show conditions, thresholds, 409 duplicates', async () => {
      const warning = await http
        .post('/api/admin/warnings', {
          code: 'manillar_ancho',
          message: 'Ancho máximo 380 mm',
          severity: 'info',
        })
        .expect(201);
      const path = `/api/admin/elements/${elementId('MANILLAR')}/warnings`;
      await http
        .post(path, { warning_id: warning.body.id, show_condition: 'on_exceed_max' })
        .expect(400);
      await http
        .post(path, { warning_id: warning.body.id, show_condition: 'sometimes' })
        .expect(422);
      await http
        .post(path, {
          element_id: elementId('ESCAPE'),
          warning_id: warning.body.id,
          show_condition: 'always',
        })
        .expect(400);
      await http.post(path, { warning_id: randomUUID(), show_condition: 'always' }).expect(404);
      const link = await http
        .post(path, {
          element_id: elementId('MANILLAR'),
          warning_id: warning.body.id,
          show_condition: 'on_exceed_max',
          threshold_quantity: 1,
        })
        .expect(201);
      expect(link.body).toMatchObject({
        show_condition: 'on_exceed_max',
        threshold_quantity: 1,
        warning: { code: 'manillar_ancho' },
      });
      await http.post(path, { warning_id: warning.body.id, show_condition: 'always' }).expect(409);
      const list = await http.get(path).expect(200);
      expect(list.body.map((l: { warning: { code: string } }) => l.warning.code).sort()).toEqual([
        'manillar_ancho',
        'manillar_dimensiones',
      ]);
      const elements = await http
        .get(`/api/admin/warnings/${warning.body.id}/elements`)
        .expect(200);
      expect(elements.body).toEqual([
        expect.objectContaining({ element_code: 'MANILLAR', show_condition: 'on_exceed_max' }),
      ]);
      await http.delete(`${path}/${warning.body.id}`).expect(204);
      await http.delete(`${path}/${warning.body.id}`).expect(404);
    });

    it('required fields: 409 key, same-element conditions, no self-condition, delete refused while used', async () => {
      const path = `/api/admin/elements/${elementId('MALETAS')}/required-fields`;
      const brand = await http
        .post(path, { field_key: 'lleva_baul', field_label: '¿Lleva baúl?', field_type: 'boolean' })
        .expect(201);
      await http.post(path, { field_key: 'lleva_baul', field_label: 'dup' }).expect(409);
      await http
        .post(path, { field_key: 'tipo', field_label: 'Tipo', field_type: 'select' })
        .expect(400);
      await http.post(path, { field_key: 'Mal Key', field_label: 'x' }).expect(422);
      const foreign = (
        await http.get(`/api/admin/elements/${elementId('ESCAPE')}/required-fields`).expect(200)
      ).body[0];
      await http
        .post(path, {
          field_key: 'x',
          field_label: 'x',
          condition_field_id: foreign.id,
          condition_operator: 'exists',
        })
        .expect(400);
      const model = await http
        .post(path, {
          field_key: 'marca_baul',
          field_label: 'Marca',
          condition_field_id: brand.body.id,
          condition_operator: 'equals',
          condition_value: 'true',
        })
        .expect(201);
      await http
        .put(`/api/admin/element-required-fields/${model.body.id}`, {
          condition_field_id: model.body.id,
        })
        .expect(400);
      await http.delete(`/api/admin/element-required-fields/${brand.body.id}`).expect(400);
      const got = await http.get(`/api/admin/element-required-fields/${model.body.id}`).expect(200);
      expect(got.body).toMatchObject({ field_key: 'marca_baul', condition_operator: 'equals' });
      const updated = await http
        .put(`/api/admin/element-required-fields/${model.body.id}`, { is_active: false })
        .expect(200);
      expect(updated.body.is_active).toBe(false);
      const active = await http.get(`${path}?is_active=true`).expect(200);
      expect(active.body.map((f: { field_key: string }) => f.field_key)).toEqual(['lleva_baul']);
      await http.delete(`/api/admin/element-required-fields/${model.body.id}`).expect(204);
      await http.delete(`/api/admin/element-required-fields/${brand.body.id}`).expect(204);
      expect((await auditRows(api, brand.body.id)).map((r) => r.action)).toEqual([
        'delete',
        'create',
      ]);
    });
  });

  describe('warnings', () => {
    it('scope is settable (one at most); 409 on code; ordered by code', async () => {
      const scoped = await http
        .post('/api/admin/warnings', {
          code: 'aaa_tier',
          message: 'Solo T1',
          tier_id: tierId('T1'),
        })
        .expect(201);
      expect(scoped.body).toMatchObject({
        tier_id: tierId('T1'),
        category_id: null,
        severity: 'warning',
      });
      await http
        .post('/api/admin/warnings', {
          code: 'two',
          message: 'x',
          tier_id: tierId('T1'),
          category_id: motosId,
        })
        .expect(400);
      await http.post('/api/admin/warnings', { code: 'aaa_tier', message: 'x' }).expect(409);
      await http
        .post('/api/admin/warnings', { code: 'bad', message: 'x', severity: 'fatal' })
        .expect(422);
      await http
        .post('/api/admin/warnings', { code: 'gone', message: 'x', element_id: randomUUID() })
        .expect(404);
      const list = await http.get('/api/admin/warnings?limit=100').expect(200);
      expect(list.body.items[0].code).toBe('aaa_tier');
      await http.get('/api/admin/warnings?limit=501').expect(422);
      const updated = await http
        .put(`/api/admin/warnings/${scoped.body.id}`, { tier_id: null, category_id: motosId })
        .expect(200);
      expect(updated.body).toMatchObject({ tier_id: null, category_id: motosId });
      await http.get(`/api/admin/warnings/${scoped.body.id}`).expect(200);
      await http.delete(`/api/admin/warnings/${scoped.body.id}`).expect(204);
      await http.get(`/api/admin/warnings/${scoped.body.id}`).expect(404);
      expect((await auditRows(api, scoped.body.id)).map((r) => r.action)).toEqual([
        'delete',
        'update',
        'create',
      ]);
    });
  });

  describe('additional services, base documentation, prompt sections, audit log', () => {
    it('services: global ones show in every category list', async () => {
      const global = await http
        .post('/api/admin/additional-services', { code: 'gestoria', name: 'Gestoría', price: 49.9 })
        .expect(201);
      expect(global.body).toMatchObject({ category_id: null, price: 49.9 });
      const list = await http
        .get(`/api/admin/additional-services?category_id=${aseicars.category.id}`)
        .expect(200);
      expect(list.body.items.map((s: { code: string }) => s.code)).toContain('gestoria');
      expect(list.body.total).toBe(5);
      await http
        .post('/api/admin/additional-services', {
          code: 'x',
          name: 'x',
          price: 1,
          category_id: randomUUID(),
        })
        .expect(404);
      await http.put(`/api/admin/additional-services/${global.body.id}`, { price: 55 }).expect(200);
      await http.get(`/api/admin/additional-services/${global.body.id}`).expect(200);
      await http.delete(`/api/admin/additional-services/${global.body.id}`).expect(204);
      await http.get(`/api/admin/additional-services/${global.body.id}`).expect(404);
    });

    it('base documentation writes are audited too', async () => {
      const doc = await http
        .post('/api/admin/base-documentation', {
          category_id: motosId,
          description: 'Foto del número de bastidor',
          sort_order: 3,
        })
        .expect(201);
      expect((await auditRows(api, doc.body.id))[0]).toMatchObject({
        entityType: 'base_documentation',
        action: 'create',
        user: username,
      });
      const list = await http
        .get(`/api/admin/base-documentation?category_id=${motosId}`)
        .expect(200);
      expect(list.body.total).toBe(3);
      await http
        .put(`/api/admin/base-documentation/${doc.body.id}`, { image_url: '/images/bastidor.jpg' })
        .expect(200);
      await http.delete(`/api/admin/base-documentation/${doc.body.id}`).expect(204);
      await http.put(`/api/admin/base-documentation/${doc.body.id}`, { sort_order: 1 }).expect(404);
      expect((await auditRows(api, doc.body.id)).map((r) => r.action)).toEqual([
        'delete',
        'update',
        'create',
      ]);
    });

    it('prompt sections: one per type, version increments, audit stores only the length', async () => {
      const created = await http
        .post('/api/admin/prompt-sections', {
          category_id: motosId,
          section_type: 'footer',
          content: 'Gracias',
        })
        .expect(201);
      await http
        .post('/api/admin/prompt-sections', {
          category_id: motosId,
          section_type: 'footer',
          content: 'Otra',
        })
        .expect(409);
      await http
        .post('/api/admin/prompt-sections', {
          category_id: motosId,
          section_type: 'intro',
          content: 'x',
        })
        .expect(422);
      const updated = await http
        .put(`/api/admin/prompt-sections/${created.body.id}`, {
          content: 'Gracias por confiar en MSI',
        })
        .expect(200);
      expect(updated.body.version).toBe(2);
      const [audit] = await auditRows(api, created.body.id);
      expect(audit?.changes).toMatchObject({
        content: { changed: true, length: 26 },
        version: { old: 1, new: 2 },
      });
      const list = await http
        .get(`/api/admin/prompt-sections?category_id=${motosId}&section_type=footer`)
        .expect(200);
      expect(list.body.total).toBe(1);
      await http.get(`/api/admin/prompt-sections/${created.body.id}`).expect(200);
      await http.delete(`/api/admin/prompt-sections/${created.body.id}`).expect(204);
      await http.get(`/api/admin/prompt-sections/${created.body.id}`).expect(404);
    });

    it('audit log filters by entity and is bounded', async () => {
      const res = await http
        .get('/api/admin/audit-log?entity_type=vehicle_category&limit=100')
        .expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(
        res.body.items.every(
          (row: { entity_type: string }) => row.entity_type === 'vehicle_category',
        ),
      ).toBe(true);
      await http.get('/api/admin/audit-log?limit=101').expect(422);
      await http.get('/api/admin/audit-log?entity_id=nope').expect(422);
    });
  });

  describe('quote preview', () => {
    it('explains what the engine understood and prices it', async () => {
      const res = await http
        .post('/api/admin/quotes/preview', {
          category_slug: 'motos-part',
          text: 'quiero homologar el escape y los intermitentes',
        })
        .expect(200);
      expect(res.body.understood.elements.map((e: { code: string }) => e.code)).toEqual(['ESCAPE']);
      expect(res.body.understood.variant_questions).toEqual([
        expect.objectContaining({
          base_code: 'INTERMITENTES',
          question: '¿Son los intermitentes delanteros, traseros o ambos?',
        }),
      ]);
      expect(res.body).toMatchObject({
        complete: false,
        price: 140,
        currency: 'EUR',
        vat_included: false,
        tier: { code: 'T6' },
      });
      expect(res.body.tier_reason).toEqual({
        kind: 'keyword_rule',
        keyword: 'escape',
        priority: 6,
      });
      expect(res.body.warnings.by_element[0].warnings[0].code).toBe('escape_homologacion');
      expect(res.body.documentation.base).toHaveLength(2);
      expect(res.body.explanation.join('\n')).toContain('Precio: 140.00 EUR + IVA');
    });

    it('400 on a client type mismatch, 404 on an unknown category, 422 on a bad body', async () => {
      await http
        .post('/api/admin/quotes/preview', {
          category_slug: 'motos-part',
          text: 'escape',
          client_type: 'professional',
        })
        .expect(400);
      await http
        .post('/api/admin/quotes/preview', { category_slug: 'barcos-part', text: 'escape' })
        .expect(404);
      await http
        .post('/api/admin/quotes/preview', { category_slug: 'motos-part', text: '' })
        .expect(422);
    });
  });
});
