import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLogEntity, StreamOutboxEntity } from '@app/database';
import { ObjectStorage } from '@app/storage';
import {
  allowedCaseTransitions,
  CASE_STATUSES,
  CaseStatus,
  ChatwootDeliveryV1,
  MessageType,
} from '@app/domain';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { CaseSeeder } from '../support/cases';
import { readZip } from '../support/zip';

/** Binary bodies as Buffers (supertest only buffers text/JSON by default). */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('cases API (e2e)', () => {
  let api: TestApi;
  let root: string;
  let token: string;
  let seed: CaseSeeder;
  let png: Buffer;
  let jpeg: Buffer;

  const http = () => request(api.app.getHttpServer());
  const auth = () => bearer(token);
  const outboxFor = async (conversationId: string): Promise<ChatwootDeliveryV1[]> => {
    const rows = await api.app
      .get(DataSource)
      .getRepository(StreamOutboxEntity)
      // Chatwoot deliveries only (staff live events share the outbox and the ordering key).
      .find({
        where: { orderingKey: conversationId, messageType: MessageType.CHATWOOT_DELIVERY },
        order: { createdAt: 'ASC' },
      });
    return rows.map((row) => row.envelope.payload as ChatwootDeliveryV1);
  };
  const auditFor = (entityId: string) =>
    api.app.get(DataSource).getRepository(AuditLogEntity).findBy({ entityId });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'msia-cases-e2e-'));
    api = await bootApi({ env: { STORAGE_LOCAL_ROOT: root, TIMEZONE: 'Europe/Madrid' } });
    ({ token } = await loginAs(api, 'user', { displayName: 'Lucía Gestora' }));
    seed = new CaseSeeder(api);
    png = await sharp({ create: { width: 6, height: 4, channels: 3, background: '#0a0' } })
      .png()
      .toBuffer();
    jpeg = await sharp({ create: { width: 4, height: 6, channels: 3, background: '#a00' } })
      .jpeg()
      .toBuffer();
  });

  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  describe('GET /api/admin/cases/stats', () => {
    it('counts by status and today', async () => {
      const before = (await http().get('/api/admin/cases/stats').set(auth()).expect(200)).body;
      await seed.case({ status: 'pending_review' });
      await seed.case({ status: 'in_progress' });
      const yesterday = await seed.case({ status: 'collecting' });
      await seed.setTimes('cases', yesterday.id, {
        created_at: new Date(Date.now() - 3 * 86_400_000),
      });
      const res = await http().get('/api/admin/cases/stats').set(auth()).expect(200);
      expect(res.body).toEqual({
        pending_review: before.pending_review + 1,
        in_progress: before.in_progress + 1,
        collecting: before.collecting + 1,
        resolved_today: before.resolved_today,
        created_today: before.created_today + 2,
        total_active: before.total_active + 3,
        by_status: expect.objectContaining({ pending_review: expect.any(Number) }),
      });
    });
  });

  describe('GET /api/admin/cases', () => {
    it('lists with the documented envelope, filters and image counts', async () => {
      const customer = await seed.customer({
        firstName: 'Zoé',
        lastName: 'Ibáñez',
        email: 'zoe@example.com',
      });
      const mine = await seed.case({
        userId: customer.id,
        status: 'pending_review',
        vehiculoMatricula: '9999ZZZ',
        tariffAmount: 175,
      });
      await seed.image(mine.id, png);
      await seed.image(mine.id, jpeg, { extension: 'jpg' });

      const res = await http()
        .get('/api/admin/cases')
        .query({ user_id: customer.id, limit: 10 })
        .set(auth())
        .expect(200);
      expect(res.body).toEqual({ items: [expect.any(Object)], total: 1, has_more: false });
      expect(res.body.items[0]).toEqual({
        id: mine.id,
        conversation_id: mine.conversationId,
        user_id: customer.id,
        user_phone: customer.phone,
        status: 'pending_review',
        current_step: 'collect_personal',
        user_first_name: 'Zoé',
        user_last_name: 'Ibáñez',
        user_email: 'zoe@example.com',
        vehiculo_marca: 'Honda',
        vehiculo_modelo: 'CBR 600',
        vehiculo_matricula: '9999ZZZ',
        category_slug: 'motos-part',
        category_name: null,
        element_codes: ['ESCAPE'],
        tariff_amount: 175,
        image_count: 2,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        resolved_by: null,
      });

      for (const search of ['zoé', 'IBÁÑEZ', 'zoe@exa', '999zz']) {
        const found = await http().get('/api/admin/cases').query({ search }).set(auth());
        expect(found.body.items.map((item: { id: string }) => item.id)).toContain(mine.id);
      }
      // LIKE wildcards in the search are literal.
      const wildcard = await http().get('/api/admin/cases').query({ search: '%' }).set(auth());
      expect(wildcard.body.total).toBe(0);

      const byStatus = await http()
        .get('/api/admin/cases')
        .query({ status: 'pending_review', limit: 1 })
        .set(auth())
        .expect(200);
      expect(byStatus.body.items).toHaveLength(1);
      expect(
        byStatus.body.items.every((item: { status: string }) => item.status === 'pending_review'),
      ).toBe(true);
      expect(byStatus.body.has_more).toBe(byStatus.body.total > 1);
    });

    it.each([
      [{ limit: 201 }],
      [{ limit: 0 }],
      [{ limit: 'many' }],
      [{ offset: -1 }],
      [{ status: 'open' }],
      [{ user_id: 'nope' }],
      [{ search: 'x'.repeat(101) }],
    ])('rejects a bad query %j with 422', async (query) => {
      const res = await http().get('/api/admin/cases').query(query).set(auth()).expect(422);
      expect(res.body).toMatchObject({ success: false, error_code: 'VALIDATION_FAILED' });
    });
  });

  describe('GET /api/admin/cases/:caseId', () => {
    it('returns the full case with signed, working image URLs', async () => {
      const customer = await seed.customer({
        nifCif: '12345678Z',
        domicilioCalle: 'Calle Mayor 1',
        domicilioCp: '28001',
      });
      const escalation = await seed.escalation();
      const kase = await seed.case({
        userId: customer.id,
        status: 'pending_review',
        itvNombre: 'ITV Madrid Sur',
        tallerPropio: true,
        tallerNombre: 'Motos Pepe',
        escalationId: escalation.id,
        cambioAltura: true,
        alturaFinal: 1.25,
      });
      const image = await seed.image(kase.id, png, {
        displayName: 'case_abc_image_1',
        elementCode: 'ESCAPE',
        description: 'Escape lateral',
      });

      const res = await http().get(`/api/admin/cases/${kase.id}`).set(auth()).expect(200);
      expect(res.body).toMatchObject({
        id: kase.id,
        user_nif_cif: '12345678Z',
        user_domicilio_calle: 'Calle Mayor 1',
        user_domicilio_cp: '28001',
        itv_nombre: 'ITV Madrid Sur',
        taller_propio: true,
        taller_nombre: 'Motos Pepe',
        cambio_altura: true,
        altura_final: 1.25,
        escalation_id: escalation.id,
        escalation_status: 'pending',
        metadata: { current_step: 'collect_personal', category_slug: 'motos-part' },
        notes: null,
        resolved_at: null,
        image_count: 1,
      });
      expect(res.body.images).toEqual([
        {
          id: image.id,
          display_name: 'case_abc_image_1',
          description: 'Escape lateral',
          element_code: 'ESCAPE',
          image_type: 'user_upload',
          mime_type: 'image/png',
          file_size: png.length,
          is_valid: null,
          validation_notes: null,
          url: expect.stringMatching(
            new RegExp(
              `^/case-images/${image.storedFilename}\\?expires=\\d+&signature=[\\w-]{43}$`,
            ),
          ),
          created_at: expect.any(String),
        },
      ]);

      const url: string = res.body.images[0].url;
      const file = await http().get(url).buffer(true).parse(binary).expect(200);
      expect(Buffer.compare(file.body as Buffer, png)).toBe(0);
      // Never public: without or with a tampered signature the file is refused.
      await http().get(`/case-images/${image.storedFilename}`).expect(403);
      await http()
        .get(url.replace(/signature=./, 'signature=A'))
        .expect(403);
    });

    it('404 for an unknown case, 400 for a malformed id, 401 without token', async () => {
      const missing = await http().get(`/api/admin/cases/${randomUUID()}`).set(auth()).expect(404);
      expect(missing.body).toMatchObject({ success: false, error_code: 'NOT_FOUND' });
      await http().get('/api/admin/cases/not-a-uuid').set(auth()).expect(400);
      await http().get(`/api/admin/cases/${randomUUID()}`).expect(401);
    });
  });

  describe('POST /api/admin/cases/:caseId/status (transition table)', () => {
    it('follows the table for every pair of statuses', async () => {
      const mismatches: string[] = [];
      for (const from of CASE_STATUSES) {
        for (const to of CASE_STATUSES) {
          const kase = await seed.case({ status: from });
          const res = await http()
            .post(`/api/admin/cases/${kase.id}/status`)
            .set(auth())
            .send({ status: to });
          const allowed = allowedCaseTransitions(from);
          const expected = allowed.includes(to) ? 200 : 400;
          if (res.status !== expected) {
            mismatches.push(`${from} -> ${to}: ${res.status} ${JSON.stringify(res.body)}`);
            continue;
          }
          if (expected === 400) {
            expect(res.body.error_code).toBe('CASE_INVALID_TRANSITION');
            expect(res.body.context).toEqual({
              current_status: from,
              requested_status: to,
              allowed_statuses: [...allowed],
            });
            for (const target of allowed) expect(res.body.message).toContain(target);
          } else {
            expect(res.body).toMatchObject({ id: kase.id, status: to });
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('appends notes with timestamp and acting admin, and records the audit', async () => {
      const kase = await seed.case({
        status: 'collecting',
        notes: '[2025-01-01 10:00 - bot] inicio',
      });
      const res = await http()
        .post(`/api/admin/cases/${kase.id}/status`)
        .set(auth())
        .send({ status: 'pending_review', notes: 'Faltan\nfotos del escape' })
        .expect(200);
      expect(res.body).toEqual({
        id: kase.id,
        status: 'pending_review',
        updated_at: expect.any(String),
        resolved_at: null,
        resolved_by: null,
        message: expect.any(String),
      });
      const detail = await http().get(`/api/admin/cases/${kase.id}`).set(auth()).expect(200);
      const lines = (detail.body.notes as string).split('\n');
      expect(lines[0]).toBe('[2025-01-01 10:00 - bot] inicio');
      expect(lines[1]).toMatch(
        /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2} - Lucía Gestora\] Estado cambiado a pending_review$/,
      );
      expect(lines[2]).toMatch(
        /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2} - Lucía Gestora\] Faltan fotos del escape$/,
      );
      const audit = await auditFor(kase.id);
      expect(audit).toEqual([
        expect.objectContaining({
          entityType: 'case',
          action: 'update',
          changes: expect.objectContaining({
            status: { old: 'collecting', new: 'pending_review' },
          }),
        }),
      ]);
    });

    it('rejects unknown statuses with 400 naming the valid ones, bad bodies with 422', async () => {
      const kase = await seed.case();
      const res = await http()
        .post(`/api/admin/cases/${kase.id}/status`)
        .set(auth())
        .send({ status: 'archived' })
        .expect(400);
      expect(res.body.error_code).toBe('CASE_INVALID_STATUS');
      expect(res.body.message).toContain('pending_review');
      await http().post(`/api/admin/cases/${kase.id}/status`).set(auth()).send({}).expect(422);
      await http()
        .post(`/api/admin/cases/${kase.id}/status`)
        .set(auth())
        .send({ status: 'cancelled', notes: 'x'.repeat(2001) })
        .expect(422);
      await http()
        .post(`/api/admin/cases/${kase.id}/status`)
        .set(auth())
        .send({ status: 'cancelled', extra: true })
        .expect(422);
      await http()
        .post(`/api/admin/cases/${randomUUID()}/status`)
        .set(auth())
        .send({ status: 'cancelled' })
        .expect(404);
    });

    it('refuses to reopen a case while its conversation has another active one (409)', async () => {
      const old = await seed.case({ status: 'resolved' });
      await seed.case({ conversationId: old.conversationId, status: 'collecting' });
      const res = await http()
        .post(`/api/admin/cases/${old.id}/status`)
        .set(auth())
        .send({ status: 'in_progress' })
        .expect(409);
      expect(res.body.error_code).toBe('CASE_ACTIVE_CASE_EXISTS');
      expect(await outboxFor(old.conversationId)).toEqual([]);
    });

    it('the database itself allows one active case per conversation', async () => {
      const first = await seed.case({ status: 'pending_review' });
      await expect(
        seed.case({ conversationId: first.conversationId, status: 'collecting' }),
      ).rejects.toThrow(/uq_cases_active_conversation/);
      await expect(
        seed.case({ conversationId: first.conversationId, status: 'cancelled' }),
      ).resolves.toBeDefined();
    });
  });

  describe('take and resolve', () => {
    it('take: only from pending_review; queues bot-off for Chatwoot', async () => {
      const kase = await seed.case({ status: 'pending_review' });
      const res = await http().post(`/api/admin/cases/${kase.id}/take`).set(auth()).expect(200);
      expect(res.body).toEqual({ id: kase.id, status: 'in_progress', message: expect.any(String) });
      const detail = await http().get(`/api/admin/cases/${kase.id}`).set(auth());
      expect(detail.body.notes).toMatch(/ - Lucía Gestora\] Expediente tomado por Lucía Gestora$/);
      const [delivery] = await outboxFor(kase.conversationId);
      expect(delivery.steps).toEqual([
        { kind: 'set_attributes', attributes: { atencion_automatica: false } },
        { kind: 'private_note', content: expect.stringContaining('Lucía Gestora') },
        { kind: 'add_labels', labels: ['expediente'] },
      ]);

      const again = await http().post(`/api/admin/cases/${kase.id}/take`).set(auth()).expect(400);
      expect(again.body.error_code).toBe('CASE_NOT_PENDING_REVIEW');
      await http().post(`/api/admin/cases/${randomUUID()}/take`).set(auth()).expect(404);
    });

    it('resolve: sets resolved_at/by, queues bot-on + customer notice + label removal; 400 twice', async () => {
      const kase = await seed.case({ status: 'in_progress' });
      const res = await http().post(`/api/admin/cases/${kase.id}/resolve`).set(auth()).expect(200);
      expect(res.body).toEqual({
        id: kase.id,
        status: 'resolved',
        resolved_at: expect.any(String),
        resolved_by: 'Lucía Gestora',
        message: expect.any(String),
      });
      const [delivery] = await outboxFor(kase.conversationId);
      expect(delivery.steps).toEqual([
        { kind: 'set_attributes', attributes: { atencion_automatica: true } },
        { kind: 'text', content: expect.stringContaining('expediente ha sido procesado') },
        { kind: 'remove_labels', labels: ['expediente'] },
        { kind: 'private_note', content: expect.stringContaining('EXPEDIENTE RESUELTO') },
      ]);
      const again = await http()
        .post(`/api/admin/cases/${kase.id}/resolve`)
        .set(auth())
        .expect(400);
      expect(again.body.error_code).toBe('CASE_ALREADY_RESOLVED');
      // collecting -> resolved is not in the table either.
      const early = await seed.case({ status: 'collecting' });
      const refused = await http().post(`/api/admin/cases/${early.id}/resolve`).set(auth());
      expect(refused.status).toBe(400);
      expect(refused.body.error_code).toBe('CASE_INVALID_TRANSITION');
    });

    it('resolving a case also resolves open escalations of its conversation', async () => {
      const kase = await seed.case({ status: 'pending_review' });
      const escalation = await seed.escalation({ conversationId: kase.conversationId });
      await http().post(`/api/admin/cases/${kase.id}/resolve`).set(auth()).expect(200);
      const detail = await http()
        .get(`/api/admin/escalations/${escalation.id}`)
        .set(auth())
        .expect(200);
      expect(detail.body).toMatchObject({
        status: 'resolved',
        resolved_by: 'Lucía Gestora',
        metadata: expect.objectContaining({ auto_resolved_via_case: kase.id }),
      });
      const [delivery] = await outboxFor(kase.conversationId);
      expect(delivery.steps).toContainEqual({
        kind: 'remove_labels',
        labels: ['expediente', 'escalado'],
      });
    });
  });

  describe('images', () => {
    it('downloads one image with Content-Disposition, also with ?token=', async () => {
      const kase = await seed.case();
      const image = await seed.image(kase.id, jpeg, {
        extension: 'jpg',
        displayName: 'case_1_image_1',
      });
      const res = await http()
        .get(`/api/admin/cases/${kase.id}/images/${image.id}`)
        .set(auth())
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="case_1_image_1.jpg"; filename*=UTF-8''case_1_image_1.jpg`,
      );
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(Buffer.compare(res.body as Buffer, jpeg)).toBe(0);

      await http()
        .get(`/api/admin/cases/${kase.id}/images/${image.id}`)
        .query({ token })
        .expect(200);
      await http().get(`/api/admin/cases/${kase.id}/images/${image.id}`).expect(401);
      await http()
        .get(`/api/admin/cases/${kase.id}/images/${image.id}`)
        .query({ token: 'forged' })
        .expect(401);
      const other = await seed.case();
      await http().get(`/api/admin/cases/${other.id}/images/${image.id}`).set(auth()).expect(404);
      await http()
        .get(`/api/admin/cases/${kase.id}/images/${randomUUID()}`)
        .set(auth())
        .expect(404);
      await http().get(`/api/admin/cases/${kase.id}/images/nope`).set(auth()).expect(400);
    });

    it('download-all streams a ZIP with every image byte for byte, named as in the spec', async () => {
      const customer = await seed.customer({ firstName: 'José Luis', lastName: 'Núñez' });
      const kase = await seed.case({ userId: customer.id, vehiculoMatricula: '1234BCD' });
      const a = await seed.image(kase.id, png, { displayName: 'case_x_image_1' });
      const b = await seed.image(kase.id, jpeg, {
        extension: 'jpg',
        displayName: 'case_x_image_2',
      });
      // Same display name twice: both survive with distinct entry names.
      const c = await seed.image(kase.id, png, { displayName: 'case_x_image_1' });

      const res = await http()
        .get(`/api/admin/cases/${kase.id}/images/download-all`)
        .query({ token })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="expediente_1234BCD_Jose_Luis_Nunez.zip"; ` +
          `filename*=UTF-8''expediente_1234BCD_Jos%C3%A9_Luis_N%C3%BA%C3%B1ez.zip`,
      );
      expect(res.headers['content-length']).toBeUndefined(); // streamed, not buffered
      const entries = readZip(res.body as Buffer);
      expect(entries.map((entry) => entry.name)).toEqual([
        'case_x_image_1.png',
        'case_x_image_2.jpg',
        'case_x_image_1_2.png',
      ]);
      expect(entries.map((entry) => entry.method)).toEqual(['stored', 'stored', 'stored']);
      expect(Buffer.compare(entries[0].data, png)).toBe(0);
      expect(Buffer.compare(entries[1].data, jpeg)).toBe(0);
      expect(Buffer.compare(entries[2].data, png)).toBe(0);
      expect([a, b, c]).toHaveLength(3);
    });

    it('download-all: sin_matricula without plate, 404 without images or case, 401 without token', async () => {
      const kase = await seed.case({ vehiculoMatricula: null, userId: null });
      await http().get(`/api/admin/cases/${kase.id}/images/download-all`).set(auth()).expect(404);
      await seed.image(kase.id, png);
      const res = await http()
        .get(`/api/admin/cases/${kase.id}/images/download-all`)
        .set(auth())
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-disposition']).toContain(
        'filename="expediente_sin_matricula.zip"',
      );
      expect(readZip(res.body as Buffer)).toHaveLength(1);
      await http()
        .get(`/api/admin/cases/${randomUUID()}/images/download-all`)
        .set(auth())
        .expect(404);
      await http().get(`/api/admin/cases/${kase.id}/images/download-all`).expect(401);
    });

    it('validates an image (PUT …/validate) and audits it', async () => {
      const kase = await seed.case();
      const image = await seed.image(kase.id, png);
      const res = await http()
        .put(`/api/admin/cases/${kase.id}/images/${image.id}/validate`)
        .set(auth())
        .send({ is_valid: false, validation_notes: 'Borrosa' })
        .expect(200);
      expect(res.body).toEqual({
        id: image.id,
        is_valid: false,
        validation_notes: 'Borrosa',
        message: expect.any(String),
      });
      const detail = await http().get(`/api/admin/cases/${kase.id}`).set(auth());
      expect(detail.body.images[0]).toMatchObject({ is_valid: false, validation_notes: 'Borrosa' });
      expect(await auditFor(image.id)).toHaveLength(1);

      await http()
        .put(`/api/admin/cases/${kase.id}/images/${image.id}/validate`)
        .set(auth())
        .send({ is_valid: 'yes' })
        .expect(422);
      await http()
        .put(`/api/admin/cases/${kase.id}/images/${randomUUID()}/validate`)
        .set(auth())
        .send({ is_valid: true })
        .expect(404);
    });
  });

  describe('element data', () => {
    it('lists, reads and edits per-element data', async () => {
      const kase = await seed.case({ elementCodes: ['ESCAPE', 'MANILLAR'] });
      await seed.elementData(kase.id, {
        elementCode: 'ESCAPE',
        fieldValues: { marca: 'Akrapovic' },
      });
      await seed.elementData(kase.id, { elementCode: 'MANILLAR', status: 'completed' });

      const list = await http()
        .get(`/api/admin/cases/${kase.id}/element-data`)
        .set(auth())
        .expect(200);
      expect(list.body).toEqual({
        case_id: kase.id,
        element_count: 2,
        elements: expect.arrayContaining([
          expect.objectContaining({ element_code: 'ESCAPE', status: 'pending_photos' }),
          expect.objectContaining({ element_code: 'MANILLAR', status: 'completed' }),
        ]),
      });

      const one = await http()
        .get(`/api/admin/cases/${kase.id}/element-data/ESCAPE`)
        .set(auth())
        .expect(200);
      expect(one.body).toEqual({
        id: expect.any(String),
        case_id: kase.id,
        element_code: 'ESCAPE',
        status: 'pending_photos',
        field_values: { marca: 'Akrapovic' },
        photos_completed_at: null,
        data_completed_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });

      const toData = await http()
        .put(`/api/admin/cases/${kase.id}/element-data/ESCAPE`)
        .set(auth())
        .send({ status: 'pending_data', field_values: { homologacion: 'e13*123', db: 95 } })
        .expect(200);
      expect(toData.body).toMatchObject({
        status: 'pending_data',
        field_values: { marca: 'Akrapovic', homologacion: 'e13*123', db: 95 },
        photos_completed_at: expect.any(String),
        data_completed_at: null,
      });
      const done = await http()
        .put(`/api/admin/cases/${kase.id}/element-data/ESCAPE`)
        .set(auth())
        .send({ status: 'completed' })
        .expect(200);
      expect(done.body.photos_completed_at).toBe(toData.body.photos_completed_at);
      expect(done.body.data_completed_at).toEqual(expect.any(String));
      expect(await auditFor(one.body.id)).toHaveLength(2);
    });

    it('answers 400/404/422 on bad input', async () => {
      const kase = await seed.case();
      await seed.elementData(kase.id, { elementCode: 'ESCAPE' });
      const base = `/api/admin/cases/${kase.id}/element-data`;
      await http().get(`${base}/NOPE`).set(auth()).expect(404);
      await http().get(`${base}/bad%20code`).set(auth()).expect(400);
      await http().get(`/api/admin/cases/${randomUUID()}/element-data`).set(auth()).expect(404);
      await http().put(`${base}/ESCAPE`).set(auth()).send({}).expect(400);
      await http().put(`${base}/ESCAPE`).set(auth()).send({ status: 'done' }).expect(422);
      await http()
        .put(`${base}/ESCAPE`)
        .set(auth())
        .send({ field_values: { nested: { a: 1 } } })
        .expect(422);
      await http()
        .put(`${base}/ESCAPE`)
        .set(auth())
        .send({ field_values: [1] })
        .expect(422);
      await http().put(`${base}/NOPE`).set(auth()).send({ status: 'completed' }).expect(404);
    });
  });

  it('shows the catalogue category; deleting it or its tier keeps the case (SET NULL)', async () => {
    const dataSource = api.app.get(DataSource);
    const [category] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO vehicle_categories (slug, name, client_type)
       VALUES ('autocaravanas-part', 'Autocaravanas', 'particular') RETURNING id`,
    );
    const [tier] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO tariff_tiers (category_id, code, name, price) VALUES ($1, 'T1', 'Proyecto', 410)
       RETURNING id`,
      [category.id],
    );
    const kase = await seed.case({
      categoryId: category.id,
      tariffTierId: tier.id,
      tariffAmount: 410,
      metadata: {},
    });
    const list = await http().get('/api/admin/cases').query({ limit: 200 }).set(auth());
    expect(list.body.items.find((item: { id: string }) => item.id === kase.id)).toMatchObject({
      category_slug: 'autocaravanas-part',
      category_name: 'Autocaravanas',
    });
    const detail = await http().get(`/api/admin/cases/${kase.id}`).set(auth()).expect(200);
    expect(detail.body).toMatchObject({
      category_id: category.id,
      category_slug: 'autocaravanas-part',
      category_name: 'Autocaravanas',
      tariff_tier_id: tier.id,
      tariff_amount: 410,
    });

    await dataSource.query('DELETE FROM vehicle_categories WHERE id = $1', [category.id]);
    const after = await http().get(`/api/admin/cases/${kase.id}`).set(auth()).expect(200);
    expect(after.body).toMatchObject({
      category_id: null,
      category_slug: null,
      category_name: null,
      tariff_tier_id: null, // the tier went with its category
      tariff_amount: 410,
    });
  });

  it('deleting a conversation deletes its cases and their stored photos', async () => {
    const { token: adminToken } = await loginAs(api, 'admin');
    const history = await seed.conversation();
    const kase = await seed.case({ conversationId: history.conversationId });
    await seed.elementData(kase.id);
    const image = await seed.image(kase.id, png);
    const other = await seed.case({ status: 'cancelled' });
    const kept = await seed.image(other.id, png);
    const storage = api.app.get(ObjectStorage);
    expect(await storage.stat('case-images', image.storedFilename)).not.toBeNull();

    const res = await http()
      .delete(`/api/admin/conversations/${history.id}`)
      .set(bearer(adminToken))
      .expect(200);
    expect(res.body.details).toMatchObject({
      deleted_cases: 1,
      deleted_images: 1,
      deleted_files: 1,
    });
    expect(await storage.stat('case-images', image.storedFilename)).toBeNull();
    expect(await storage.stat('case-images', kept.storedFilename)).not.toBeNull();
    await http().get(`/api/admin/cases/${kase.id}`).set(auth()).expect(404);
    await http().get(`/api/admin/cases/${other.id}`).set(auth()).expect(200);
  });

  it('keeps case statuses and the transition table in sync with the database check', async () => {
    const statuses: CaseStatus[] = [...CASE_STATUSES];
    for (const status of statuses) await expect(seed.case({ status })).resolves.toBeDefined();
    await expect(seed.case({ status: 'archived' as CaseStatus })).rejects.toThrow(
      /ck_cases_status/,
    );
  });
});
