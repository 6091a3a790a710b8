import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLogEntity, StreamOutboxEntity } from '@app/database';
import { ChatwootDeliveryV1, startOfZonedDay } from '@app/domain';
import { ApiConfig } from '../../apps/api/src/config/api.config';
import { DashboardService } from '../../apps/api/src/dashboard/dashboard.service';
import { bootApi, TestApi } from '../support/api';
import { bearer, loginAs } from '../support/auth';
import { CaseSeeder } from '../support/cases';

describe('escalations and dashboard API (e2e)', () => {
  let api: TestApi;
  let token: string;
  let seed: CaseSeeder;

  const http = () => request(api.app.getHttpServer());
  const auth = () => bearer(token);

  beforeAll(async () => {
    api = await bootApi();
    ({ token } = await loginAs(api, 'user', { username: 'pepe_staff', displayName: null }));
    seed = new CaseSeeder(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('dashboard KPIs: "today" starts at midnight in TIMEZONE', () => {
    // 30 March 2025: Madrid switches to summer time; its day started at 23:00 UTC on the 29th.
    const now = new Date('2025-03-30T10:00:00Z');

    it('counts rows after Madrid midnight, not UTC midnight (fixed clock)', async () => {
      const before = await seed.case({ status: 'resolved' });
      const after = await seed.case({ status: 'resolved' });
      await seed.setTimes('cases', before.id, { resolved_at: new Date('2025-03-29T22:59:59Z') });
      await seed.setTimes('cases', after.id, { resolved_at: new Date('2025-03-29T23:00:01Z') });
      const early = await seed.escalation({ status: 'resolved' });
      const late = await seed.escalation({ status: 'resolved' });
      await seed.setTimes('escalations', early.id, {
        resolved_at: new Date('2025-03-29T22:30:00Z'),
      });
      await seed.setTimes('escalations', late.id, {
        resolved_at: new Date('2025-03-29T23:30:00Z'),
      });

      const madrid = await api.app.get(DashboardService).kpis(now);
      expect(madrid.cases_resolved_today).toBe(1);
      expect(madrid.escalations_resolved_today).toBe(1);

      // The same rows counted by UTC days count neither: "today" starts at local midnight.
      const utc = new DashboardService(api.app.get(DataSource), {
        timeZone: 'UTC',
      } as ApiConfig);
      const inUtc = await utc.kpis(now);
      expect(inUtc.cases_resolved_today).toBe(0);
      expect(inUtc.escalations_resolved_today).toBe(0);
    });

    it('GET /api/admin/dashboard/kpis against seeded rows', async () => {
      const since = startOfZonedDay(new Date(), 'Europe/Madrid');
      const base = (await http().get('/api/admin/dashboard/kpis').set(auth()).expect(200)).body;
      expect(Object.keys(base).sort()).toEqual([
        'cases_collecting',
        'cases_in_progress',
        'cases_pending_review',
        'cases_resolved_today',
        'escalations_pending',
        'escalations_resolved_today',
        'total_conversations',
        'total_users',
      ]);

      const customer = await seed.customer();
      await seed.conversation({ userId: customer.id });
      await seed.conversation({ userId: customer.id });
      await seed.case({ status: 'pending_review', userId: customer.id });
      await seed.case({ status: 'in_progress' });
      await seed.case({ status: 'collecting' });
      await seed.case({ status: 'collecting' });
      const justToday = await seed.case({ status: 'resolved' });
      const justYesterday = await seed.case({ status: 'resolved' });
      await seed.setTimes('cases', justToday.id, { resolved_at: new Date(since.getTime() + 1000) });
      await seed.setTimes('cases', justYesterday.id, {
        resolved_at: new Date(since.getTime() - 1000),
      });
      await seed.escalation({ status: 'pending' });
      const solvedToday = await seed.escalation({ status: 'resolved' });
      await seed.setTimes('escalations', solvedToday.id, {
        resolved_at: new Date(since.getTime() + 1000),
      });
      const solvedBefore = await seed.escalation({ status: 'resolved' });
      await seed.setTimes('escalations', solvedBefore.id, {
        resolved_at: new Date(since.getTime() - 1000),
      });

      const res = await http().get('/api/admin/dashboard/kpis').set(auth()).expect(200);
      expect(res.body).toEqual({
        cases_pending_review: base.cases_pending_review + 1,
        cases_in_progress: base.cases_in_progress + 1,
        cases_collecting: base.cases_collecting + 2,
        cases_resolved_today: base.cases_resolved_today + 1,
        escalations_pending: base.escalations_pending + 1,
        escalations_resolved_today: base.escalations_resolved_today + 1,
        total_users: base.total_users + 1,
        total_conversations: base.total_conversations + 2,
      });
      await http().get('/api/admin/dashboard/kpis').expect(401);
    });
  });

  describe('escalations', () => {
    it('lists newest first with status filter and a bounded limit', async () => {
      const older = await seed.escalation({ status: 'pending' });
      const newer = await seed.escalation({ status: 'pending' });
      await seed.setTimes('escalations', older.id, { triggered_at: new Date(Date.now() - 60_000) });
      const res = await http()
        .get('/api/admin/escalations')
        .query({ status: 'pending', limit: 200 })
        .set(auth())
        .expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['has_more', 'items', 'total']);
      const ids = res.body.items.map((item: { id: string }) => item.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect(res.body.items.every((item: { status: string }) => item.status === 'pending')).toBe(
        true,
      );
      expect(res.body.items[0]).toEqual({
        id: expect.any(String),
        conversation_id: expect.any(String),
        user_id: null,
        reason: expect.any(String),
        source: 'tool_call',
        status: 'pending',
        triggered_at: expect.any(String),
        resolved_at: null,
        resolved_by: null,
        metadata: { priority: 'normal' },
      });
      const page = await http().get('/api/admin/escalations').query({ limit: 1 }).set(auth());
      expect(page.body.items).toHaveLength(1);
      expect(page.body.has_more).toBe(true);
      for (const query of [{ limit: 201 }, { status: 'closed' }, { offset: 'x' }]) {
        await http().get('/api/admin/escalations').query(query).set(auth()).expect(422);
      }
    });

    it('stats count open ones and today in TIMEZONE', async () => {
      const before = (await http().get('/api/admin/escalations/stats').set(auth()).expect(200))
        .body;
      await seed.escalation({ status: 'pending' });
      await seed.escalation({ status: 'in_progress' });
      const old = await seed.escalation({ status: 'pending' });
      await seed.setTimes('escalations', old.id, {
        triggered_at: new Date(Date.now() - 3 * 86_400_000),
      });
      const res = await http().get('/api/admin/escalations/stats').set(auth()).expect(200);
      expect(res.body).toEqual({
        pending: before.pending + 2,
        in_progress: before.in_progress + 1,
        resolved_today: before.resolved_today,
        total_today: before.total_today + 2,
      });
    });

    it('detail carries user_phone (customer row, else metadata)', async () => {
      const customer = await seed.customer({ phone: '+34600111222' });
      const linked = await seed.escalation({ userId: customer.id });
      const res = await http().get(`/api/admin/escalations/${linked.id}`).set(auth()).expect(200);
      expect(res.body).toMatchObject({
        id: linked.id,
        user_id: customer.id,
        user_phone: '+34600111222',
      });
      const orphan = await seed.escalation({ metadata: { user_phone: '+34600999888' } });
      const fallback = await http().get(`/api/admin/escalations/${orphan.id}`).set(auth());
      expect(fallback.body.user_phone).toBe('+34600999888');
      await http().get(`/api/admin/escalations/${randomUUID()}`).set(auth()).expect(404);
      await http().get('/api/admin/escalations/123').set(auth()).expect(400);
    });

    it('resolve: 200 with resolved_by, queues the hand-back, audits; 400 when already resolved', async () => {
      const escalation = await seed.escalation();
      const res = await http()
        .post(`/api/admin/escalations/${escalation.id}/resolve`)
        .set(auth())
        .expect(200);
      expect(res.body).toEqual({
        id: escalation.id,
        status: 'resolved',
        resolved_at: expect.any(String),
        resolved_by: 'pepe_staff', // no display name: the username
        message: expect.any(String),
      });
      const dataSource = api.app.get(DataSource);
      const [row] = await dataSource
        .getRepository(StreamOutboxEntity)
        .findBy({ orderingKey: escalation.conversationId });
      const delivery = row.envelope.payload as ChatwootDeliveryV1;
      expect(delivery.reason).toBe('escalation_resolved');
      expect(delivery.steps).toEqual([
        { kind: 'set_attributes', attributes: { atencion_automatica: true } },
        { kind: 'text', content: expect.stringContaining('asistente automático') },
        { kind: 'remove_labels', labels: ['escalado'] },
        { kind: 'private_note', content: expect.stringContaining('Resuelta por: pepe_staff') },
      ]);
      const audit = await dataSource
        .getRepository(AuditLogEntity)
        .findBy({ entityId: escalation.id });
      expect(audit).toEqual([
        expect.objectContaining({ entityType: 'escalation', user: 'pepe_staff' }),
      ]);

      const again = await http()
        .post(`/api/admin/escalations/${escalation.id}/resolve`)
        .set(auth())
        .expect(400);
      expect(again.body).toMatchObject({
        success: false,
        error_code: 'ESCALATION_ALREADY_RESOLVED',
        error: expect.any(String),
      });
      await http().post(`/api/admin/escalations/${randomUUID()}/resolve`).set(auth()).expect(404);
      await http().post(`/api/admin/escalations/${escalation.id}/resolve`).expect(401);
    });

    it('a resolved escalation frees the conversation for a new one (open set is unique)', async () => {
      const first = await seed.escalation();
      await expect(seed.escalation({ conversationId: first.conversationId })).rejects.toThrow(
        /uq_escalations_open_conversation/,
      );
      await http().post(`/api/admin/escalations/${first.id}/resolve`).set(auth()).expect(200);
      await expect(
        seed.escalation({ conversationId: first.conversationId }),
      ).resolves.toBeDefined();
    });
  });
});
